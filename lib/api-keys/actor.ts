import type { Role } from "@/lib/generated/prisma/enums";
import type { AuditActor } from "@/lib/audit/record-audit-event";

/**
 * Who is acting on keys: a signed-in member of the organization (with their
 * role there), or the operator CLI, which stands outside the roles.
 */
export type KeyActor =
  | { type: "user"; organizationId: string; userId: string; email: string; role: Role; ip: string | null }
  | { type: "operator"; organizationId: string };

export function auditActorOf(actor: KeyActor): AuditActor {
  return actor.type === "user"
    ? { type: "user", userId: actor.userId, label: actor.email, ip: actor.ip }
    : { type: "cli", label: "operator (CLI)" };
}

/** Members act on their own keys only; admins, owners and the operator on all of the organization's. */
export function canSeeAllKeys(actor: KeyActor): boolean {
  return actor.type === "operator" || actor.role !== "MEMBER";
}

/** Rate-limit plans and quotas are an admin's call (they shape what the API serves). */
export function canSetRateLimits(actor: KeyActor): boolean {
  return canSeeAllKeys(actor);
}
