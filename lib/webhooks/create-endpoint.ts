// Registering an endpoint: its URL is checked against the operator's rule
// (endpoint-url.ts), a signing secret is made, sealed, and returned this once.
import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getPrisma } from "@/lib/db/prisma";
import { serverEnv } from "@/lib/env";
import { fieldErrorsFrom, ValidationError } from "@/lib/errors";
import { sealSecret } from "./endpoint-secrets";
import { webhookUrlProblem } from "./endpoint-url";
import { ENDPOINT_VIEW_SELECT, EndpointInputSchema, EndpointViewSchema, type EndpointInput, type EndpointView } from "./schemas";
import { newSigningSecret } from "./signing";
import { assertCanManageWebhooks, webhookAuditActor, type WebhookActor } from "./webhook-actor";

/** The one time an endpoint's secret leaves Keyward. */
export type CreatedEndpoint = { endpoint: EndpointView; secret: string };

/** At most this many endpoints per organization: each event is sent to every one. */
export const MAX_ENDPOINTS = 20;

export async function createWebhookEndpoint(actor: WebhookActor, input: EndpointInput): Promise<CreatedEndpoint> {
  assertCanManageWebhooks(actor);
  const parsed = EndpointInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const problem = webhookUrlProblem(parsed.data.url, serverEnv().KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS);
  if (problem) throw new ValidationError({ url: [problem] });
  const secret = newSigningSecret();
  const endpoint = await getPrisma().$transaction(async (tx) => {
    const count = await tx.webhookEndpoint.count({ where: { organizationId: actor.organizationId } });
    if (count >= MAX_ENDPOINTS) throw new ValidationError({ url: [`An organization can have at most ${MAX_ENDPOINTS} endpoints. Delete one first.`] });
    const row = await tx.webhookEndpoint.create({
      data: {
        organizationId: actor.organizationId,
        url: parsed.data.url,
        description: parsed.data.description,
        allEvents: parsed.data.allEvents,
        eventTypes: parsed.data.allEvents ? [] : [...new Set(parsed.data.eventTypes)],
        secretSealed: sealSecret(secret),
        createdById: actor.type === "user" ? actor.userId : null,
      },
      select: ENDPOINT_VIEW_SELECT,
    });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actor: webhookAuditActor(actor),
      action: "webhook.endpoint_created",
      target: { type: "webhook_endpoint", id: row.id },
      metadata: { name: row.url, events: row.allEvents ? ["*"] : row.eventTypes },
    });
    return row;
  });
  return { endpoint: EndpointViewSchema.parse(endpoint), secret };
}
