// Slows down password guessing (and account probing at sign-up). Sign-in attempts are counted per email and per
// client IP in fixed 15-minute windows; past the limit, that email or IP is
// refused until the window ends, even with the right password. Counters live in
// PostgreSQL so that every app instance enforces the same limit.
//
// Each attempt is reserved (counted) atomically *before* its password is
// checked, and a success gives its reservation back. Counting failures after
// the check let a concurrent burst through: every attempt passed the check
// before any failure was written (issue 9: 19 guesses where 10 were allowed).
import "server-only";
import { prisma } from "@/lib/db/prisma";
import type { ThrottledAttempt } from "@/lib/observability/metrics";
import { services } from "@/lib/runtime/services";

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

/**
 * Counts one attempt for the email and the IP. Returns null when the attempt
 * may go on to the password check, else the seconds until it may be retried.
 */
export function reserveSignInAttempt(subject: ThrottleSubject): Promise<number | null> {
  return reserveAttempts("sign_in", keysFor(subject), SIGN_IN_WINDOW_MINUTES);
}

/**
 * Sign-ups per client IP: 10 an hour. Sign-up has to say when an email is
 * taken (it cannot create a second account), so this bounds how fast anyone
 * can ask it about emails.
 */
export const SIGN_UP_LIMIT = { perIp: 10, windowMinutes: 60 } as const;

export function reserveSignUpAttempt(ip: string | null): Promise<number | null> {
  if (!ip) return Promise.resolve(null);
  return reserveAttempts("sign_up", [{ key: `signup:${ip}`, limit: SIGN_UP_LIMIT.perIp }], SIGN_UP_LIMIT.windowMinutes);
}

/** Counts one attempt on each key, atomically; null, or the seconds until the most blocked key allows one again. */
async function reserveAttempts(kind: ThrottledAttempt, keys: { key: string; limit: number }[], windowMinutes: number): Promise<number | null> {
  let blockedUntil = 0;
  for (const { key, limit } of keys) {
    // One statement: concurrent attempts serialise on the row, and each sees its own count.
    const [row] = await prisma.$queryRaw<{ attempts: number; blockedUntil: Date | null }[]>`
      INSERT INTO sign_in_throttles (key, failures, window_start)
      VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN sign_in_throttles.window_start < now() - make_interval(mins => ${windowMinutes})
                        THEN 1 ELSE sign_in_throttles.failures + 1 END,
        window_start = CASE WHEN sign_in_throttles.window_start < now() - make_interval(mins => ${windowMinutes})
                            THEN now() ELSE sign_in_throttles.window_start END
      RETURNING failures AS attempts,
                CASE WHEN failures > ${limit} THEN window_start + make_interval(mins => ${windowMinutes}) END AS "blockedUntil"`;
    if (row?.blockedUntil) {
      blockedUntil = Math.max(blockedUntil, row.blockedUntil.getTime());
      await prisma.signInThrottle.update({ where: { key }, data: { blockedUntil: row.blockedUntil } });
    }
  }
  if (blockedUntil === 0) return null;
  services().metrics.countThrottled(kind);
  return Math.max(1, Math.ceil((blockedUntil - Date.now()) / 1000));
}

/** A successful sign-in forgets the email's attempts, and gives the IP back the one it reserved. */
export async function releaseSignInAttempt(subject: ThrottleSubject): Promise<void> {
  await prisma.signInThrottle.deleteMany({ where: { key: `email:${subject.email}` } });
  if (subject.ip) {
    await prisma.$executeRaw`UPDATE sign_in_throttles SET failures = GREATEST(failures - 1, 0) WHERE key = ${`ip:${subject.ip}`}`;
  }
}
