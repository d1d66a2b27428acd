// The events Keyward tells an organization about (webhooks, lib/webhooks):
// their names, and the one envelope every event travels in. An event is
// queued with the change it reports (lib/events/emit-event.ts); its id stays
// the same through every delivery attempt, so a receiver can drop repeats.
import { z } from "zod";

export const EVENT_TYPES = [
  "key.created",
  "key.rotated",
  "key.revoked",
  "key.expiring",
  "key.expired",
  "key.leaked",
  "quota.threshold",
  "credits.low",
  "member.added",
  "member.removed",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const KeywardEventSchema = z.object({
  /** "evt_" and a random UUID: the Standard Webhooks webhook-id of every delivery of this event. */
  id: z.string().regex(/^evt_[0-9a-f-]{36}$/),
  type: z.enum(EVENT_TYPES),
  organizationId: z.uuid(),
  /** When it happened (ISO 8601). */
  timestamp: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
});

export type KeywardEvent = z.infer<typeof KeywardEventSchema>;
