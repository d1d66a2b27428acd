// Which audited changes are also events an organization's webhooks hear, and
// what each event says. recordAuditEvent calls this inside the change's
// transaction, so an event is queued if and only if its change commits, and
// no service has to remember to emit one.
//
// Data never holds a key's secret: only what the dashboard shows of a key.
import { eventKey } from "@/lib/events/event-key";
import "server-only";
import type { AuditAction } from "@/lib/audit/actions";
import type { AuditEventInput } from "@/lib/audit/record-audit-event";
import type { Tx } from "@/lib/db/prisma";
import type { EventInput } from "@/lib/events/emit-event";
import type { EventType } from "@/lib/events/event-types";

/** key.leaked and the scheduled events (expiring, expired, quota, credits) are emitted by their own features. */
const EVENT_OF_ACTION: Partial<Record<AuditAction, EventType>> = {
  "api_key.created": "key.created",
  "api_key.rotated": "key.rotated",
  "api_key.revoked": "key.revoked",
  "member.joined": "member.added",
  "member.removed": "member.removed",
};

const KEY_SELECT = {
  id: true,
  name: true,
  hint: true,
  environment: true,
  scopes: true,
  expiresAt: true,
  revokedAt: true,
  createdAt: true,
  createdBy: { select: { id: true, email: true } },
} as const;

/** The key as webhooks describe it: public fields only. */
async function keyData(tx: Tx, id: string) {
  const key = await tx.apiKey.findUnique({ where: { id }, select: KEY_SELECT });
  if (!key) return null;
  return {
    ...eventKey(key),
    scopes: key.scopes,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
    owner: { id: key.createdBy.id, email: key.createdBy.email },
  };
}

function actorData(actor: AuditEventInput["actor"]) {
  return actor.type === "user" ? { type: "user", id: actor.userId, email: actor.label } : { type: actor.type };
}

export async function eventForAudit(tx: Tx, input: AuditEventInput): Promise<EventInput | null> {
  const type = EVENT_OF_ACTION[input.action];
  const targetId = input.target.id;
  if (!type || !targetId) return null;
  const meta = (input.metadata ?? {}) as Record<string, unknown>;
  const base = { type, organizationId: input.organizationId };
  const actor = actorData(input.actor);
  switch (type) {
    case "key.created":
    case "key.revoked": {
      const key = await keyData(tx, targetId);
      return key && { ...base, data: { key, actor } };
    }
    case "key.rotated": {
      const previous = await keyData(tx, targetId);
      const successorId = typeof meta.successorId === "string" ? meta.successorId : null;
      const key = successorId ? await keyData(tx, successorId) : null;
      if (!previous || !key) return null;
      return { ...base, data: { key, previousKey: previous, previousKeyWorksUntil: meta.worksUntil ?? null, actor } };
    }
    default: {
      // member.added / member.removed: the metadata holds the member's email and role as they were.
      const member = { id: targetId, email: typeof meta.email === "string" ? meta.email : null, role: typeof meta.role === "string" ? meta.role : null };
      return { ...base, data: { member, actor } };
    }
  }
}
