// Slows down password guessing. Failed sign-ins are counted per email and per
// client IP in fixed 15-minute windows; past the limit, that email or IP is
// refused until the window ends, even with the right password. Counters live in
// PostgreSQL so that every app instance enforces the same limit.
import "server-only";
import { prisma } from "@/lib/db/prisma";

export const SIGN_IN_WINDOW_MINUTES = 15;
// Per email: 10 tries per window. Per IP it is higher, because an office or a
// mobile carrier puts many people behind one address.
export const SIGN_IN_LIMITS = { email: 10, ip: 30 } as const;

export type ThrottleSubject = { email: string; ip?: string | null };

function keysFor(subject: ThrottleSubject) {
  const keys: { key: string; limit: number }[] = [{ key: `email:${subject.email}`, limit: SIGN_IN_LIMITS.email }];
  if (subject.ip) keys.push({ key: `ip:${subject.ip}`, limit: SIGN_IN_LIMITS.ip });
  return keys;
}

/** When blocked, the number of seconds until the caller may try again; otherwise null. */
export async function signInRetryAfter(subject: ThrottleSubject): Promise<number | null> {
  const rows = await prisma.signInThrottle.findMany({
    where: { key: { in: keysFor(subject).map((k) => k.key) }, blockedUntil: { gt: new Date() } },
    select: { blockedUntil: true },
  });
  const until = Math.max(0, ...rows.map((row) => row.blockedUntil!.getTime()));
  return until > 0 ? Math.ceil((until - Date.now()) / 1000) : null;
}

/** Counts one failed attempt for the email and the IP (atomically, across instances). */
export async function recordSignInFailure(subject: ThrottleSubject): Promise<void> {
  for (const { key, limit } of keysFor(subject)) {
    await prisma.$executeRaw`
      INSERT INTO sign_in_throttles (key, failures, window_start)
      VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN sign_in_throttles.window_start < now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})
                        THEN 1 ELSE sign_in_throttles.failures + 1 END,
        window_start = CASE WHEN sign_in_throttles.window_start < now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})
                            THEN now() ELSE sign_in_throttles.window_start END`;
    await prisma.$executeRaw`
      UPDATE sign_in_throttles
      SET blocked_until = window_start + make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})
      WHERE key = ${key} AND failures >= ${limit}`;
  }
}

/** A successful sign-in forgets the email's failures (not the IP's). */
export async function clearSignInFailures(email: string): Promise<void> {
  await prisma.signInThrottle.deleteMany({ where: { key: `email:${email}` } });
}
