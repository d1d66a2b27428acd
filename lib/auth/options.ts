// next-auth configuration: email + password (credentials provider), sessions
// in a signed JWT cookie. The session only carries the user id; every page and
// action loads the user and their membership fresh, so a removed member or a
// changed role takes effect on the next request.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { serverEnv } from "@/lib/env";
import { clientIpFrom } from "@/lib/http/client-ip";
import { authenticateWithPassword } from "./authenticate";
import { safeReturnPath } from "./session-paths";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** The error codes the sign-in form understands (next-auth passes them through as `error`). */
export const SIGN_IN_ERRORS = { invalid: "CredentialsSignin", throttled: "Throttled" } as const;

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
          const result = await authenticateWithPassword({
            email: credentials?.email,
            password: credentials?.password,
            ip: clientIpFrom(request?.headers ?? {}),
          });
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
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
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
