// Every queue of the job queue (lib/jobs/job-queue.ts), in one place: its
// name, how its jobs' data is checked (a job is data from the database, so it
// is parsed like any other input), pg-boss's options for it, and how workers
// fetch from it. A feature adds its queue here and its handler in
// lib/jobs/workers.ts.
import { z } from "zod";
import { KeywardEventSchema } from "@/lib/events/event-types";

type QueueDefinition<Data> = {
  data: (value: unknown) => Data;
  /** pg-boss queue options: retries, expiry (how long a worker may hold a job before it is retried elsewhere), retention. */
  options: Omit<import("pg-boss").Queue, "name">;
  /** How workers fetch: how many jobs at once, how often they poll. */
  work: import("pg-boss").WorkOptions;
};

const parser = <S extends z.ZodType>(schema: S) => (value: unknown) => schema.parse(value) as z.infer<S>;

export const QUEUES = {
  /**
   * Each event an organization's webhooks may hear (lib/events/emit-event.ts),
   * queued in the transaction of the change it reports.
   */
  events: {
    data: parser(KeywardEventSchema),
    options: { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 60, retentionMinutes: 60 * 24 * 7 },
    work: { batchSize: 20, pollingIntervalSeconds: 1 },
  },
} satisfies Record<string, QueueDefinition<unknown>>;

export type QueueName = keyof typeof QUEUES;
