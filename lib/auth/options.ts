// next-auth configuration: email + password (credentials provider), sessions
// in a signed JWT cookie. The cookie carries the user id and the id of a
// server-side session (lib/auth/sessions.ts), checked on every read, so
// signing out ends the session everywhere. Every page and action loads the
// user and their membership fresh, so a removed member or a changed role takes
// effect on the next request.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { serverEnv } from "@/lib/env";
import { ServiceUnavailableError } from "@/lib/errors";
import { clientIpFrom } from "@/lib/http/client-ip";
import { logger } from "@/lib/logging/logger";
import { authenticateWithPassword } from "./authenticate";
import { safeReturnPath } from "./session-paths";
import { endSession, isSessionLive, startSession } from "./sessions";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/**
 * The error codes the sign-in form understands (next-auth puts whatever
 * authorize throws into the sign-in URL as `error`, so nothing else may be thrown).
 */
export const SIGN_IN_ERRORS = { invalid: "CredentialsSignin", throttled: "Throttled", busy: "Busy", unavailable: "Unavailable" } as const;

export function authOptions(): NextAuthOptions {
  return {
    secret: serverEnv().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          let result: Awaited<ReturnType<typeof authenticateWithPassword>>;
          try {
            result = await authenticateWithPassword({
              email: credentials?.email,
              password: credentials?.password,
              ip: clientIpFrom(request?.headers ?? {}),
            });
          } catch (error) {
            // Never a raw message (a pool time-out, a driver error) in the URL.
            if (error instanceof ServiceUnavailableError) throw new Error(SIGN_IN_ERRORS.busy);
            logger().error({ err: error }, "[keyward] sign-in failed");
            throw new Error(SIGN_IN_ERRORS.unavailable);
          }
          if (result.ok) return result.user;
          if (result.reason === "throttled") throw new Error(SIGN_IN_ERRORS.throttled);
          return null;
        },
      }),
    ],
    callbacks: {
      // next-auth follows a callbackUrl after sign-in and sign-out. Only this
      // origin's dashboard paths (or the sign-in page) are followed.
      redirect({ url, baseUrl }) {
        return `${baseUrl}${returnPathFrom(url, baseUrl)}`;
      },
      // Runs at sign-in (with `user`) and on every session read after it:
      // the cookie's session must still be live in the database.
      async jwt({ token, user }) {
        if (user) return { ...token, sid: await startSession(user.id, SESSION_MAX_AGE_SECONDS), ended: false };
        const live = typeof token.sid === "string" && typeof token.sub === "string" && (await isSessionLive(token.sid, token.sub));
        return { ...token, ended: !live };
      },
      session({ session, token }) {
        // An ended session reads as signed out: no user (getSessionUser then answers null).
        if (token.ended || !token.sub) return { expires: session.expires } as typeof session;
        if (session.user) session.user.id = token.sub;
        session.sid = token.sid;
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(token.sid);
      },
    },
  };
}

function returnPathFrom(url: string, baseUrl: string): string {
  let path: string | null = url;
  if (!url.startsWith("/")) {
    try {
      const parsed = new URL(url);
      path = parsed.origin === new URL(baseUrl).origin ? `${parsed.pathname}${parsed.search}` : null;
    } catch {
      path = null;
    }
  }
  return path === "/sign-in" ? path : safeReturnPath(path);
}
