import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/prisma";

/** Who did it: a signed-in user, or the operator CLI / the system. */
export type AuditActor =
  | { type: "user"; userId: string; label: string; ip?: string | null }
  | { type: "cli"; label?: string }
  | { type: "system"; label?: string };

export type AuditEventInput = {
  organizationId: string;
  actor: AuditActor;
  /** "<object>.<verb>", e.g. "api_key.revoked", "member.added". */
  action: string;
  target: { type: string; id?: string | null };
  metadata?: Prisma.InputJsonObject;
};

/**
 * Appends one audit event. Takes the caller's transaction so the event is
 * written if and only if the change it describes is.
 */
export async function recordAuditEvent(tx: Tx, input: AuditEventInput) {
  const { actor } = input;
  await tx.auditEvent.create({
    data: {
      organizationId: input.organizationId,
      actorUserId: actor.type === "user" ? actor.userId : null,
      actorLabel: actor.type === "user" ? actor.label : (actor.label ?? actor.type),
      ip: actor.type === "user" ? (actor.ip ?? null) : null,
      action: input.action,
      targetType: input.target.type,
      targetId: input.target.id ?? null,
      metadata: input.metadata ?? {},
    },
  });
}
