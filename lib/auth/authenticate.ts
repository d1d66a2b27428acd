import "server-only";
import { prisma } from "@/lib/db/prisma";
import { acceptInvitations } from "@/lib/organizations/invitations";
import { burnPasswordCheck, verifyPassword } from "./password";
import { SignInSchema } from "./schemas";
import { releaseSignInAttempt, reserveSignInAttempt } from "./sign-in-throttle";

export type AuthenticatedUser = { id: string; email: string; name: string | null };

export type AuthenticationResult =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks an email and password. Unknown emails and wrong passwords give the
 * same answer in about the same time. Every attempt is counted before its
 * password is checked, so a throttled email or IP (or a burst that would pass
 * the limit) is refused without a check.
 */
export async function authenticateWithPassword(input: {
  email: unknown;
  password: unknown;
  ip?: string | null;
}): Promise<AuthenticationResult> {
  const parsed = SignInSchema.safeParse({ email: input.email, password: input.password });
  if (!parsed.success) return { ok: false, reason: "invalid_credentials" };
  const { email, password } = parsed.data;
  const subject = { email, ip: input.ip };

  const retryAfterSeconds = await reserveSignInAttempt(subject);
  if (retryAfterSeconds !== null) return { ok: false, reason: "throttled", retryAfterSeconds };

  const user = await prisma.user.findUnique({ where: { email } });
  const valid = user ? await verifyPassword(password, user.passwordHash) : await burnPasswordCheck(password);
  if (!user || !valid) return { ok: false, reason: "invalid_credentials" };
  await releaseSignInAttempt(subject);
  await acceptInvitations(user); // organizations that invited this email while they were away
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
