// A signed-in person changes their password. Every other session of theirs
// ends (a stolen cookie dies with the old password); the one they used stays.
import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { fieldErrorsFrom, ValidationError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "./password";
import { NewPasswordSchema } from "./schemas";
import type { SessionUser } from "./session";
import { endUserSessions } from "./sessions";
import { releaseSignInAttempt, reserveSignInAttempt } from "./sign-in-throttle";

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(1024),
    newPassword: NewPasswordSchema,
  })
  .refine((value) => value.currentPassword !== value.newPassword, { path: ["newPassword"], message: "Choose a password different from the current one." });

/** Returns how many other sessions were ended. */
export async function changePassword(
  user: Pick<SessionUser, "id" | "email" | "sessionId">,
  input: z.input<typeof ChangePasswordSchema>,
  ip: string | null = null,
): Promise<{ endedSessions: number }> {
  const parsed = ChangePasswordSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  // The current-password check is a guessing oracle for whoever holds a stolen
  // cookie, so it counts against the same allowance as sign-in.
  const subject = { email: user.email, ip };
  const retryAfter = await reserveSignInAttempt(subject);
  if (retryAfter !== null) throw new ValidationError({ currentPassword: [`Too many wrong passwords. Try again in ${Math.ceil(retryAfter / 60)} minutes.`] });
  const { passwordHash } = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(parsed.data.currentPassword, passwordHash))) {
    throw new ValidationError({ currentPassword: ["That is not your current password."] });
  }
  await releaseSignInAttempt(subject);
  const newHash = await hashPassword(parsed.data.newPassword);
  return getPrisma().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash: newHash } });
    return { endedSessions: await endUserSessions(tx, user.id, user.sessionId) };
  });
}
