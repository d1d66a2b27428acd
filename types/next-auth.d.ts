import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string };
    /** The server-side session (lib/auth/sessions.ts). */
    sid?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The server-side session this cookie belongs to (lib/auth/sessions.ts). */
    sid?: string;
    /** Set when that session was found revoked or expired: the cookie signs nobody in. */
    ended?: boolean;
  }
}
