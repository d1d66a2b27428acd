// next-auth configuration: email + password (credentials provider), sessions
// in a signed JWT cookie. The session only carries the user id; every page and
// action loads the user and their membership fresh, so a removed member or a
// changed role takes effect on the next request.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { serverEnv } from "@/lib/env";
import { ServiceUnavailableError } from "@/lib/errors";
import { clientIpFrom } from "@/lib/http/client-ip";
import { authenticateWithPassword } from "./authenticate";
import { safeReturnPath } from "./session-paths";

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
            console.error("[keyward] sign-in failed:", error);
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
