// Server-side dashboard sessions. The session cookie stays a signed JWT, but
// it names a row here, and every request checks that row: a cookie copied
// before sign-out, a password change or removal from every organization no
// longer works, though its signature and expiry are still valid (issue 9).
import "server-only";
import { getPrisma, type Tx } from "@/lib/db/prisma";

/** At sign-in: a new session, living as long as the cookie. */
export async function startSession(userId: string, maxAgeSeconds: number): Promise<string> {
  const session = await getPrisma().session.create({
    data: { userId, expiresAt: new Date(Date.now() + maxAgeSeconds * 1000) },
    select: { id: true },
  });
  return session.id;
}

/** Whether the session still signs its user in: not revoked, not expired, and theirs. */
export async function isSessionLive(sessionId: string, userId: string): Promise<boolean> {
  const live = await getPrisma().session.findFirst({
    where: { id: sessionId, userId, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  return live !== null;
}

/** Sign-out: this one session ends. */
export async function endSession(sessionId: string): Promise<void> {
  await getPrisma().session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/**
 * Ends every session of a user, but `keep` (the one that asked, after a
 * password change). Also prunes the user's long-dead rows, so the table stays
 * about as large as the number of people signed in.
 */
export async function endUserSessions(db: Tx | ReturnType<typeof getPrisma>, userId: string, keep?: string): Promise<number> {
  const { count } = await db.session.updateMany({
    where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
    data: { revokedAt: new Date() },
  });
  await db.session.deleteMany({ where: { userId, OR: [{ expiresAt: { lt: new Date() } }, { revokedAt: { lt: new Date(Date.now() - 86_400_000) } }] } });
  return count;
}
