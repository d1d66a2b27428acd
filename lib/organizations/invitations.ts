// Accepting invitations: when someone signs in or signs up, every pending,
// unexpired invitation for their email becomes a membership.
import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getPrisma, type Tx } from "@/lib/db/prisma";

/** Returns the organizations joined. Safe to call on every sign-in: nothing pending, one indexed query. */
export async function acceptInvitations(user: { id: string; email: string }, db?: Tx): Promise<string[]> {
  const run = async (tx: Tx) => {
    const now = new Date();
    const pending = await tx.invitation.findMany({
      where: { email: user.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true, organizationId: true, role: true },
    });
    const joined: string[] = [];
    for (const invitation of pending) {
      await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: now } });
      const { count } = await tx.membership.createMany({
        data: [{ organizationId: invitation.organizationId, userId: user.id, role: invitation.role }],
        skipDuplicates: true, // already a member (added since): the invitation is used up all the same
      });
      if (count === 0) continue;
      joined.push(invitation.organizationId);
      await recordAuditEvent(tx, {
        organizationId: invitation.organizationId,
        actor: { type: "user", userId: user.id, label: user.email, ip: null },
        action: "member.joined",
        target: { type: "user", id: user.id },
        metadata: { email: user.email, role: invitation.role, invitationId: invitation.id },
      });
    }
    return joined;
  };
  return db ? run(db) : getPrisma().$transaction(run);
}

/** Pending invitations of an organization, for its settings page. */
export function listPendingInvitations(organizationId: string) {
  return getPrisma().invitation.findMany({
    where: { organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, role: true, expiresAt: true },
  });
}
