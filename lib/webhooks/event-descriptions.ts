// What each event type means, in the words the settings page shows beside
// its checkbox (and the README's table says at more length).
import type { EventType } from "@/lib/events/event-types";

export const EVENT_DESCRIPTIONS: Record<EventType, string> = {
  "key.created": "A key was created.",
  "key.rotated": "A key was rotated: its successor, and until when the old one works.",
  "key.revoked": "A key was revoked.",
  "key.expiring": "A key expires in 7 days, or in 1 day.",
  "key.expired": "A key has expired.",
  "key.leaked": "A key was reported leaked.",
  "quota.threshold": "A key used 80% or 100% of its monthly quota.",
  "credits.low": "A key's or the organization's credits are running low.",
  "member.added": "Someone joined the organization.",
  "member.removed": "A member was removed.",
};
