"use server";
// Webhook endpoints from the dashboard. Each is a memberAction (lib/dashboard/
// form-action.ts); the services in lib/webhooks check the role (admins and
// owners) and find endpoints only within the member's organization.
import { z } from "zod";
import { memberAction } from "@/lib/dashboard/form-action";
import { checkbox, checkedValues, optionalText, recordId } from "@/lib/dashboard/form-fields";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { deleteWebhookEndpoint, rotateWebhookSecret, setWebhookEndpointEnabled } from "@/lib/webhooks/manage-endpoint";
import { redeliverWebhook } from "@/lib/webhooks/redeliver";
import { sendTestWebhook } from "@/lib/webhooks/send-test-event";

/** What the show-once screen needs: the endpoint and its secret, held only in the browser's memory from here on. */
export type RevealedWebhookSecret = { endpointId: string; url: string; secret: string };

const LIST = "/webhooks";
const endpointPage = (id: string) => `/webhooks/${id}`;

export const createWebhookEndpointAction = memberAction({
  returnTo: LIST,
  schema: z.object({
    url: z.string().default(""),
    description: optionalText(z.string()),
    allEvents: checkbox,
    eventTypes: checkedValues(z.string()),
  }),
  async run(input, { keyActor }): Promise<RevealedWebhookSecret> {
    const { endpoint, secret } = await createWebhookEndpoint(keyActor, { ...input, eventTypes: input.eventTypes as never });
    return { endpointId: endpoint.id, url: endpoint.url, secret };
  },
  revalidate: [LIST],
});

export const rotateWebhookSecretAction = memberAction({
  returnTo: LIST,
  schema: z.object({ id: recordId }),
  async run({ id }, { keyActor }): Promise<RevealedWebhookSecret> {
    const { endpoint, secret } = await rotateWebhookSecret(keyActor, id);
    return { endpointId: endpoint.id, url: endpoint.url, secret };
  },
  revalidate: ({ id }) => [endpointPage(id)],
});

export const setWebhookEndpointEnabledAction = memberAction({
  returnTo: LIST,
  schema: z.object({ id: recordId, enabled: z.enum(["true", "false"]) }),
  run: ({ id, enabled }, { keyActor }) => setWebhookEndpointEnabled(keyActor, id, enabled === "true").then(({ enabled }) => ({ enabled })),
  success: (endpoint) => (endpoint.enabled ? "Enabled. New events are sent to it again." : "Disabled. No events are sent to it until it is enabled."),
  revalidate: ({ id }) => [LIST, endpointPage(id)],
});

export const deleteWebhookEndpointAction = memberAction({
  returnTo: LIST,
  schema: z.object({ id: recordId }),
  run: ({ id }, { keyActor }) => deleteWebhookEndpoint(keyActor, id).then(() => null),
  revalidate: [LIST],
  redirectTo: () => LIST,
});

export const sendTestWebhookAction = memberAction({
  returnTo: LIST,
  schema: z.object({ id: recordId }),
  run: ({ id }, { keyActor }) => sendTestWebhook(keyActor, id),
  success: "Test event queued. It appears in the delivery log below.",
  // The page re-renders with the answer (no redirect, which would drop the message).
  revalidate: ({ id }) => [endpointPage(id)],
});

export const redeliverWebhookAction = memberAction({
  returnTo: LIST,
  schema: z.object({ endpointId: recordId, deliveryId: recordId }),
  run: ({ endpointId, deliveryId }, { keyActor }) => redeliverWebhook(keyActor, endpointId, deliveryId).then(() => null),
  success: "Redelivery queued.",
  revalidate: ({ endpointId }) => [endpointPage(endpointId)],
});
