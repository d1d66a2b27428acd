import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/prisma";
import { emitEvent } from "@/lib/events/emit-event";
import { eventForAudit } from "@/lib/webhooks/event-from-audit";
import type { AuditAction } from "./actions";

/** Who did it: a signed-in user, or the operator CLI / the system. */
export type AuditActor =
  | { type: "user"; userId: string; label: string; ip?: string | null }
  | { type: "cli"; label?: string }
  | { type: "system"; label?: string };

export type AuditEventInput = {
  organizationId: string;
  actor: AuditActor;
  action: AuditAction;
  target: { type: string; id?: string | null };
  metadata?: Prisma.InputJsonObject;
};

/**
 * Appends one audit event. Takes the caller's transaction so the event is
 * written if and only if the change it describes is; the same holds for the
 * webhook event some actions also are (lib/webhooks/event-from-audit.ts).
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
  // Changes that organizations hear about by webhook (key created, revoked…) are events too, in the same transaction.
  const event = await eventForAudit(tx, input);
  if (event) await emitEvent(event, tx);
}

/**
 * The fields of `after` whose values differ from `before`, each side cut to
 * just those fields: what an event's before → after shows, and empty when a
 * save changed nothing (so the caller writes no event).
 */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const keys = (Object.keys(after) as (keyof T)[]).filter((key) => after[key] !== undefined && after[key] !== before[key]);
  return { before: pick(before, keys), after: pick(after, keys) };
}

function pick<T>(source: Partial<T>, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((key) => [key, source[key]])) as Partial<T>;
}
