// The data of a `webhooks.deliver` job (lib/jobs/queues.ts): which delivery,
// and which attempt of it the job is meant to make. Apart from the handler so
// that the queue's list loads nothing but zod.
import { z } from "zod";

export const DeliverJobSchema = z.object({
  deliveryId: z.uuid(),
  /** The attempt this job makes (1 for the first); a job whose attempt was already made does nothing. */
  attempt: z.number().int().min(1),
});

export type DeliverJob = z.infer<typeof DeliverJobSchema>;
