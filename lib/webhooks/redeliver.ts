// "Redeliver" in the delivery log: a new attempt now, with the retry schedule
// started afresh, the same body and the same webhook-id (receivers that
// already have the event drop it). Audited, since it sends data out again.
import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { isUuid } from "@/lib/db/ids";
import { getPrisma } from "@/lib/db/prisma";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { lockEndpoint } from "./manage-endpoint";
import { queueDeliveryAttempt } from "./queue-attempt";
import { assertCanManageWebhooks, webhookAuditActor, type WebhookActor } from "./webhook-actor";

export async function redeliverWebhook(actor: WebhookActor, endpointId: string, deliveryId: string): Promise<void> {
  assertCanManageWebhooks(actor);
  if (!isUuid(endpointId) || !isUuid(deliveryId)) throw new NotFoundError("No such delivery.");
  await getPrisma().$transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, actor.organizationId, endpointId);
    if (!endpoint.enabled) throw new ConflictError("endpoint_disabled", "This endpoint is disabled. Enable it first, then redeliver.");
    const rows = await tx.$queryRaw<{ attempts: number; event_id: string; event_type: string }[]>`
      UPDATE webhook_deliveries SET state = 'PENDING', retry_step = 0, next_attempt_at = now(), updated_at = now()
      WHERE id = ${deliveryId}::uuid AND endpoint_id = ${endpointId}::uuid AND organization_id = ${actor.organizationId}::uuid AND state <> 'SENDING'
      RETURNING attempts, event_id, event_type`;
    const row = rows[0];
    if (!row) {
      const exists = await tx.webhookDelivery.findFirst({ where: { id: deliveryId, endpointId, organizationId: actor.organizationId }, select: { id: true } });
      if (!exists) throw new NotFoundError("No such delivery.");
      throw new ConflictError("delivery_in_progress", "An attempt of this delivery is under way. Wait for its outcome.");
    }
    await queueDeliveryAttempt(tx, { deliveryId, attempt: row.attempts + 1 });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actor: webhookAuditActor(actor),
      action: "webhook.redelivered",
      target: { type: "webhook_endpoint", id: endpointId },
      metadata: { name: endpoint.url, deliveryId, eventId: row.event_id, eventType: row.event_type },
    });
  });
}
