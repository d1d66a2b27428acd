// "Send a test event": a delivery of type webhook.test to one endpoint, made
// and sent like any other (signed, retried, logged), so an admin can check
// their receiver before a real event comes.
import "server-only";
import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getPrisma } from "@/lib/db/prisma";
import { ConflictError } from "@/lib/errors";
import { webhookPayload } from "./fan-out-event";
import { lockEndpoint } from "./manage-endpoint";
import { queueDeliveryAttempt } from "./queue-attempt";
import { assertCanManageWebhooks, webhookAuditActor, type WebhookActor } from "./webhook-actor";

export const TEST_EVENT_TYPE = "webhook.test";

export async function sendTestWebhook(actor: WebhookActor, endpointId: string): Promise<{ eventId: string }> {
  assertCanManageWebhooks(actor);
  return getPrisma().$transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, actor.organizationId, endpointId);
    if (!endpoint.enabled) throw new ConflictError("endpoint_disabled", "This endpoint is disabled. Enable it first.");
    const eventId = `evt_${randomUUID()}`;
    const delivery = await tx.webhookDelivery.create({
      data: {
        organizationId: actor.organizationId,
        endpointId,
        eventId,
        eventType: TEST_EVENT_TYPE,
        payload: webhookPayload({ type: TEST_EVENT_TYPE as never, timestamp: new Date().toISOString(), data: { message: "A test event from Keyward.", endpointId } }),
      },
      select: { id: true },
    });
    await queueDeliveryAttempt(tx, { deliveryId: delivery.id, attempt: 1 });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actor: webhookAuditActor(actor),
      action: "webhook.test_sent",
      target: { type: "webhook_endpoint", id: endpointId },
      metadata: { name: endpoint.url, eventId, eventType: TEST_EVENT_TYPE },
    });
    return { eventId };
  });
}
