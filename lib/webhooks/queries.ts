// What the settings page reads: an organization's endpoints, and one
// endpoint's delivery log with each delivery's attempts. Every query carries
// the organization's id.
import "server-only";
import { isUuid } from "@/lib/db/ids";
import { getPrisma } from "@/lib/db/prisma";
import { ENDPOINT_VIEW_SELECT, EndpointViewSchema, type EndpointView } from "./schemas";

export async function listWebhookEndpoints(organizationId: string): Promise<EndpointView[]> {
  const rows = await getPrisma().webhookEndpoint.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" }, select: ENDPOINT_VIEW_SELECT });
  return rows.map((row) => EndpointViewSchema.parse(row));
}

export async function findWebhookEndpoint(organizationId: string, id: string): Promise<EndpointView | null> {
  if (!isUuid(id)) return null;
  const row = await getPrisma().webhookEndpoint.findFirst({ where: { id, organizationId }, select: ENDPOINT_VIEW_SELECT });
  return row && EndpointViewSchema.parse(row);
}

export const DELIVERY_LOG_SIZE = 50;

/** The newest deliveries first, each with its attempts (newest first). */
export function listWebhookDeliveries(organizationId: string, endpointId: string, limit = DELIVERY_LOG_SIZE) {
  return getPrisma().webhookDelivery.findMany({
    where: { organizationId, endpointId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      eventId: true,
      eventType: true,
      state: true,
      attempts: true,
      nextAttemptAt: true,
      lastAttemptAt: true,
      lastStatusCode: true,
      lastError: true,
      lastLatencyMs: true,
      lastResponseExcerpt: true,
      deliveredAt: true,
      createdAt: true,
      attemptLog: { orderBy: { attempt: "desc" }, take: 10, select: { attempt: true, startedAt: true, statusCode: true, error: true, latencyMs: true, responseExcerpt: true } },
    },
  });
}

export type WebhookDeliveryRow = Awaited<ReturnType<typeof listWebhookDeliveries>>[number];

/** How many endpoints the organization has, and how many are disabled (Settings' summary). */
export async function countEndpoints(organizationId: string): Promise<{ endpoints: number; disabledEndpoints: number }> {
  const counts = await getPrisma().webhookEndpoint.groupBy({ by: ["enabled"], where: { organizationId }, _count: { _all: true } });
  const of = (enabled: boolean) => counts.find((row) => row.enabled === enabled)?._count._all ?? 0;
  return { endpoints: of(true) + of(false), disabledEndpoints: of(false) };
}
