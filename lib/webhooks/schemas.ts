// What an admin enters for an endpoint, and what Keyward shows of one (never
// its secret: that is returned once, beside the view, when it is made).
import { z } from "zod";
import { EVENT_TYPES } from "@/lib/events/event-types";

export const EndpointInputSchema = z
  .object({
    url: z.string().trim().min(1, "Enter the receiver's URL.").max(2_000, "A URL of at most 2000 characters."),
    description: z
      .string()
      .trim()
      .max(200, "At most 200 characters.")
      .optional()
      .transform((value) => value || null),
    allEvents: z.boolean().default(false),
    eventTypes: z.array(z.enum(EVENT_TYPES)).default([]),
  })
  .refine((input) => input.allEvents || input.eventTypes.length > 0, { message: "Choose at least one event, or all events.", path: ["eventTypes"] });

export type EndpointInput = z.input<typeof EndpointInputSchema>;

export const EndpointViewSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  allEvents: z.boolean(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  disabledAt: z.date().nullable(),
  consecutiveFailures: z.number().int(),
  lastSuccessAt: z.date().nullable(),
  /** Until when the secret before the last rotation still signs too. */
  previousSecretUntil: z.date().nullable(),
  createdAt: z.date(),
});

export type EndpointView = z.infer<typeof EndpointViewSchema>;

/** The columns EndpointViewSchema reads: a query selects these and nothing secret. */
export const ENDPOINT_VIEW_SELECT = {
  id: true,
  url: true,
  description: true,
  allEvents: true,
  eventTypes: true,
  enabled: true,
  disabledReason: true,
  disabledAt: true,
  consecutiveFailures: true,
  lastSuccessAt: true,
  previousSecretUntil: true,
  createdAt: true,
} as const;
