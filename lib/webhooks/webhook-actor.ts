// Who may manage webhooks: admins and owners of the organization, and the
// operator CLI. A member's dashboard shows the page's refusal instead.
import { auditActorOf, canSeeAllKeys, type KeyActor } from "@/lib/api-keys/actor";
import { ForbiddenError } from "@/lib/errors";

export type WebhookActor = KeyActor;

export function canManageWebhooks(actor: WebhookActor): boolean {
  return canSeeAllKeys(actor);
}

export function assertCanManageWebhooks(actor: WebhookActor) {
  if (!canManageWebhooks(actor)) throw new ForbiddenError("admin_only", "Only admins and owners can manage webhooks.");
}

export { auditActorOf as webhookAuditActor };
