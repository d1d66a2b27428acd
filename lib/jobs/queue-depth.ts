// How much work the job queue holds, by queue: what the System page and
// GET /api/metrics show, so an operator sees deliveries piling up (a receiver
// down, no instance working the queue) before anyone asks where a webhook went.
import type { JobQueue } from "./job-queue";
import { QUEUES, type QueueName } from "./queues";

export type QueueDepth = {
  queue: QueueName;
  /** Queued and due, or waiting for their start time (a scheduled retry counts here too). */
  waiting: number;
  /** Failed once and waiting for pg-boss's next try. */
  retrying: number;
  active: number;
  /** Failed for good, kept until pg-boss archives them. */
  failed: number;
};

const STATE_FIELD = { created: "waiting", retry: "retrying", active: "active", failed: "failed" } as const;

/**
 * One row per queue of QUEUES, zeros included: one grouped count over pg-boss's
 * job table, on the queue's own connections, so a scrape never waits behind
 * requests for the app's pool (when it is exhausted is when it is needed).
 */
export async function readQueueDepth(queue: JobQueue): Promise<QueueDepth[]> {
  await queue.ready();
  const { rows } = await queue.pgBoss.getDb().executeSql(
    `SELECT name, state::text AS state, count(*)::int AS count FROM pgboss.job
     WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY name, state`,
    [],
  );
  const depth = new Map((Object.keys(QUEUES) as QueueName[]).map((queue) => [queue, { queue, waiting: 0, retrying: 0, active: 0, failed: 0 } as QueueDepth]));
  for (const row of rows as { name: string; state: keyof typeof STATE_FIELD; count: number }[]) {
    const entry = depth.get(row.name as QueueName);
    if (entry) entry[STATE_FIELD[row.state]] = Number(row.count);
  }
  return [...depth.values()];
}
