// Every queue of the job queue (lib/jobs/job-queue.ts), in one place: its
// name, how its jobs' data is checked (a job is data from the database, so it
// is parsed like any other input), pg-boss's options for it, and how workers
// fetch from it. A feature adds its queue here and its handler in
// lib/jobs/workers.ts.
import { z } from "zod";
import { EmailMessageSchema } from "@/lib/email/email-message";
import { serverEnv } from "@/lib/env";
import { KeywardEventSchema } from "@/lib/events/event-types";
import { DeliverJobSchema } from "@/lib/webhooks/deliver-job";

export type QueueDefinition<Data> = {
  data: (value: unknown) => Data;
  /** pg-boss queue options: retries, expiry (how long a worker may hold a job before it is retried elsewhere), retention. */
  options: Omit<import("pg-boss").Queue, "name">;
  /** How workers fetch: how many jobs at once, how often they poll. */
  work: import("pg-boss").WorkOptions;
  /**
   * How many of a fetched batch's jobs are handled at once (default 1, one
   * after another). pg-boss fetches at most once per polling interval, so
   * throughput is about batchSize / max(interval, the batch's time); jobs
   * that mostly wait on someone else (a webhook receiver) overlap, so one
   * slow receiver does not hold up the rest of the batch. Kept below the
   * database pool (DATABASE_POOL_SIZE, 10), which requests share.
   */
  concurrency?: number;
  /**
   * A cron schedule (UTC) for a queue whose jobs come from the clock: pg-boss
   * sends one job per tick across all instances (its schedule is a table row,
   * and only one instance's clock check wins the tick).
   */
  cron?: () => string;
};

const parser = <S extends z.ZodType>(schema: S) => (value: unknown) => schema.parse(value) as z.infer<S>;
/** A job from a schedule carries no data of its own (pg-boss may hand over null). */
const noData = (): Record<string, never> => ({});

export const QUEUES = {
  /**
   * Each event an organization's webhooks may hear (lib/events/emit-event.ts),
   * queued in the transaction of the change it reports.
   */
  events: {
    data: parser(KeywardEventSchema),
    options: { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 60, retentionMinutes: 60 * 24 * 7 },
    // Fan-outs are short transactions: a few at once, so a burst of events does not wait a second per 20.
    work: { batchSize: 100, pollingIntervalSeconds: 0.5 },
    concurrency: 4,
  },
  /**
   * One HTTP attempt of one webhook delivery (lib/webhooks/deliver.ts). The
   * delivery's row, not pg-boss, decides whether the attempt is still due, so
   * a job that runs twice sends nothing twice; pg-boss's own retries only
   * cover a worker that died or a database error. Each job is sent with an
   * expiry a little over the HTTP timeout (lib/webhooks/deliver-job.ts).
   */
  "webhooks.deliver": {
    data: parser(DeliverJobSchema),
    options: { retryLimit: 20, retryDelay: 5, retryBackoff: true, expireInSeconds: 75, retentionMinutes: 60 * 24 * 3 },
    work: { batchSize: 100, pollingIntervalSeconds: 0.5 },
    concurrency: 16,
  },
  /**
   * One email (lib/email), sent through SMTP_URL. Retried 12 times with
   * exponential backoff from 30 s (1.5 to 3 days in all): an SMTP server
   * that is down delays mail, loses none.
   */
  "email.send": {
    data: parser(EmailMessageSchema),
    options: { retryLimit: 12, retryDelay: 30, retryBackoff: true, expireInSeconds: 120, retentionMinutes: 60 * 24 * 7 },
    work: { batchSize: 5, pollingIntervalSeconds: 2 },
  },
  /** Expiry reminders and key.expiring / key.expired events (lib/notices/sweep-expiry-notices.ts). */
  "notices.sweep": {
    data: noData,
    options: { retryLimit: 2, retryDelay: 60, expireInSeconds: 600, retentionMinutes: 60 * 24 },
    // A batch: pg-boss waits a whole polling interval after each fetch, found or
    // not, so ticks that piled up (an instance down for a while) go in one
    // fetch. Running the sweep twice is harmless (each notice is claimed once).
    work: { batchSize: 5, pollingIntervalSeconds: 10 },
    cron: () => "*/5 * * * *",
  },
  /** The weekly review digest to owners and admins (lib/notices/send-review-digests.ts). */
  "notices.digest": {
    data: noData,
    options: { retryLimit: 3, retryDelay: 300, expireInSeconds: 1800, retentionMinutes: 60 * 24 * 14 },
    work: { batchSize: 5, pollingIntervalSeconds: 10 },
    cron: () => serverEnv().KEYWARD_DIGEST_CRON,
  },
} satisfies Record<string, QueueDefinition<unknown>>;

export type QueueName = keyof typeof QUEUES;
