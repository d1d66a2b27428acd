// The consumer of the `events` queue: one delivery for each enabled endpoint
// of the organization that listens for the event's type, and its first
// attempt queued in the same transaction. A fan-out that runs again (its job
// retried after a crash) finds the deliveries already there (unique per
// endpoint and event) and queues nothing more.
import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import type { KeywardEvent } from "@/lib/events/event-types";
import type { Prisma } from "@/lib/generated/prisma/client";
import { queueDeliveryAttempt } from "./queue-attempt";

/** What the receiver gets, the same on every attempt; the event's id travels as webhook-id. */
export function webhookPayload(event: Pick<KeywardEvent, "type" | "timestamp" | "data">): Prisma.InputJsonObject {
  return { type: event.type, timestamp: event.timestamp, data: event.data as Prisma.InputJsonObject };
}

/** Returns how many deliveries it made (0 on a repeat). */
export async function fanOutEvent(event: KeywardEvent): Promise<number> {
  return getPrisma().$transaction(async (tx) => {
    const endpoints = await tx.webhookEndpoint.findMany({
      where: { organizationId: event.organizationId, enabled: true, OR: [{ allEvents: true }, { eventTypes: { has: event.type } }] },
      select: { id: true },
    });
    if (!endpoints.length) return 0;
    const created = await tx.webhookDelivery.createManyAndReturn({
      data: endpoints.map((endpoint) => ({
        organizationId: event.organizationId,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        payload: webhookPayload(event),
      })),
      skipDuplicates: true,
      select: { id: true },
    });
    for (const delivery of created) await queueDeliveryAttempt(tx, { deliveryId: delivery.id, attempt: 1 });
    return created.length;
  });
}
