// Emitting an event: one call for every feature that has something to tell an
// organization (a key revoked, a leak reported, a quota crossed). The event is
// a job on the durable queue; the webhook dispatcher (lib/webhooks) turns it
// into one delivery per endpoint that listens for its type.
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/prisma";
import { services } from "@/lib/runtime/services";
import type { EventType, KeywardEvent } from "./event-types";

export type EventInput = { type: EventType; organizationId: string; data: Record<string, unknown>; at?: Date };

/** Builds the event: its id and timestamp are fixed here, once. */
export function newEvent(input: EventInput): KeywardEvent {
  return {
    id: `evt_${randomUUID()}`,
    type: input.type,
    organizationId: input.organizationId,
    timestamp: (input.at ?? new Date()).toISOString(),
    data: input.data,
  };
}

/**
 * Queues an event. Pass the transaction of the change it reports, so the
 * event exists if and only if the change is committed; without one (a
 * threshold crossed by traffic), it is queued on its own.
 */
export async function emitEvent(input: EventInput, tx?: Tx): Promise<KeywardEvent> {
  const event = newEvent(input);
  await services().jobs.send("events", event, {}, tx);
  return event;
}
