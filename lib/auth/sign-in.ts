// Signing in from the dashboard's own form (a server action, so it works
// before JavaScript loads). It ends exactly where next-auth's credentials
// sign-in ends: a server-side session (sessions.ts) and next-auth's signed
// session cookie naming it, which getServerSession then reads like any other.
// next-auth's /api/auth/callback/credentials stays for HTTP clients.
import "server-only";
import { encode } from "next-auth/jwt";
import { serverEnv } from "@/lib/env";
import { AppError, TooManyRequestsError } from "@/lib/errors";
import { cookies, headers } from "next/headers";
import { authenticateWithPassword, type AuthenticatedUser } from "./authenticate";
import { SESSION_MAX_AGE_SECONDS } from "./options";
import { endSession, startSession } from "./sessions";

/**
 * Checks the email and password (throttled, as every sign-in is) and signs
 * the user in. Refusals are thrown: 401 for wrong credentials (one message
 * for an unknown email and a wrong password), 429 when throttled.
 */
export async function signInWithPassword(input: { email: unknown; password: unknown; ip: string | null }): Promise<AuthenticatedUser> {
  const result = await authenticateWithPassword(input);
  if (!result.ok) {
    if (result.reason === "throttled") {
      throw new TooManyRequestsError("sign_in_throttled", "Too many failed sign-ins. Wait 15 minutes, then try again.", result.retryAfterSeconds);
    }
    throw new AppError("invalid_credentials", "Incorrect email or password.");
  }
  await startDashboardSession(result.user);
  return result.user;
}

/** A new server-side session for `user`, and the session cookie naming it on this response. */
export async function startDashboardSession(user: AuthenticatedUser): Promise<void> {
  const sid = await startSession(user.id, SESSION_MAX_AGE_SECONDS);
  // The claims next-auth's jwt callback (options.ts) writes at sign-in.
  const value = await encode({
    token: { sub: user.id, name: user.name, email: user.email, sid, ended: false },
    secret: serverEnv().AUTH_SECRET,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  const secure = usesSecureCookies((await headers()).get("x-forwarded-proto") === "https");
  (await cookies()).set(sessionCookieName(secure), value, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: SESSION_MAX_AGE_SECONDS });
}

/** Sign-out: the session ends on the server (every copy of the cookie stops working) and the cookie goes. */
export async function endDashboardSession(sessionId: string | null): Promise<void> {
  if (sessionId) await endSession(sessionId);
  const jar = await cookies();
  for (const secure of [false, true]) jar.delete(sessionCookieName(secure));
}

/** next-auth's own rule: secure (and __Secure- prefixed) cookies when the site's URL is https. */
function usesSecureCookies(requestIsHttps: boolean): boolean {
  const configured = serverEnv().NEXTAUTH_URL;
  return configured ? configured.startsWith("https://") : requestIsHttps;
}

function sessionCookieName(secure: boolean): string {
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}
