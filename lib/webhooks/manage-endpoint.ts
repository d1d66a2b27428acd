// An admin's changes to an existing endpoint: rotate its secret, enable or
// disable it, delete it. Each runs in one transaction with its audit event,
// and finds the endpoint only within the actor's organization.
import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { isUuid } from "@/lib/db/ids";
import { getPrisma, type Tx } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { ROTATION_OVERLAP_MS, sealSecret } from "./endpoint-secrets";
import { ENDPOINT_VIEW_SELECT, EndpointViewSchema, type EndpointView } from "./schemas";
import { newSigningSecret } from "./signing";
import { assertCanManageWebhooks, webhookAuditActor, type WebhookActor } from "./webhook-actor";

/** Locks the endpoint (two admins acting at once take turns) or answers 404 for another organization's (or a malformed id). */
export async function lockEndpoint(tx: Tx, organizationId: string, id: string) {
  if (!isUuid(id)) throw new NotFoundError("No such webhook endpoint.");
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM webhook_endpoints WHERE id = ${id}::uuid AND organization_id = ${organizationId}::uuid FOR UPDATE`;
  if (!rows.length) throw new NotFoundError("No such webhook endpoint.");
  return tx.webhookEndpoint.findUniqueOrThrow({ where: { id }, select: { ...ENDPOINT_VIEW_SELECT, secretSealed: true } });
}


/**
 * A new secret, returned this once. The old one keeps signing beside it for
 * 24 hours (two signatures per request), so receivers switch over without a
 * failed delivery; a second rotation within that time drops the oldest.
 */
export async function rotateWebhookSecret(actor: WebhookActor, id: string): Promise<{ endpoint: EndpointView; secret: string }> {
  assertCanManageWebhooks(actor);
  const secret = newSigningSecret();
  const endpoint = await getPrisma().$transaction(async (tx) => {
    const current = await lockEndpoint(tx, actor.organizationId, id);
    const row = await tx.webhookEndpoint.update({
      where: { id },
      data: { secretSealed: sealSecret(secret), previousSecretSealed: current.secretSealed, previousSecretUntil: new Date(Date.now() + ROTATION_OVERLAP_MS) },
      select: ENDPOINT_VIEW_SELECT,
    });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actor: webhookAuditActor(actor),
      action: "webhook.secret_rotated",
      target: { type: "webhook_endpoint", id },
      metadata: { name: row.url, previousWorksUntil: row.previousSecretUntil?.toISOString() ?? null },
    });
    return row;
  });
  return { endpoint: EndpointViewSchema.parse(endpoint), secret };
}

/**
 * Enabling starts afresh (no failures counted); deliveries queued while it
 * was disabled stay in the log, and an admin redelivers those they want.
 */
export async function setWebhookEndpointEnabled(actor: WebhookActor, id: string, enabled: boolean): Promise<EndpointView> {
  assertCanManageWebhooks(actor);
  const endpoint = await getPrisma().$transaction(async (tx) => {
    const current = await lockEndpoint(tx, actor.organizationId, id);
    if (current.enabled === enabled) return current;
    const row = await tx.webhookEndpoint.update({
      where: { id },
      data: enabled
        ? { enabled: true, disabledReason: null, disabledAt: null, consecutiveFailures: 0 }
        : { enabled: false, disabledReason: "Disabled by an admin.", disabledAt: new Date() },
      select: ENDPOINT_VIEW_SELECT,
    });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actor: webhookAuditActor(actor),
      action: enabled ? "webhook.endpoint_enabled" : "webhook.endpoint_disabled",
      target: { type: "webhook_endpoint", id },
      metadata: { name: row.url, ...(enabled ? {} : { reason: "Disabled by an admin." }) },
    });
    return row;
  });
  return EndpointViewSchema.parse(endpoint);
}

/** Its deliveries and their attempts go with it; the audit log keeps the record. */
export async function deleteWebhookEndpoint(actor: WebhookActor, id: string): Promise<void> {
  assertCanManageWebhooks(actor);
  await getPrisma().$transaction(async (tx) => {
    const current = await lockEndpoint(tx, actor.organizationId, id);
    await tx.webhookEndpoint.delete({ where: { id } });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actor: webhookAuditActor(actor),
      action: "webhook.endpoint_deleted",
      target: { type: "webhook_endpoint", id },
      metadata: { name: current.url },
    });
  });
}
