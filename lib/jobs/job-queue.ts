// Keyward's durable job queue: pg-boss on the app's own PostgreSQL, one of the
// process's services (services().jobs). Work that must survive a restart and
// run once however many instances there are goes here: webhook deliveries,
// expiry reminders, the weekly review digest.
//
// Why pg-boss: it is a well-kept queue that needs nothing but PostgreSQL
// (which Keyward already has), fetches with SKIP LOCKED so two instances never
// take the same job, and can insert a job inside the caller's transaction, so
// an event is queued if and only if the change it reports is committed.
//
// Its schema is a Keyward migration (prisma/migrations/*_job_queue), and
// pg-boss is started with migrate: false, so nothing but the migrator changes
// the schema (and behind PgBouncer, pg-boss's own session-level migration
// lock never runs).
//
// Every process can queue jobs (the CLI revoking a key queues its webhook);
// only app servers work them (startWorkers), unless KEYWARD_JOBS=off.
import PgBoss from "pg-boss";
import type { Tx } from "@/lib/db/prisma";
import { logger } from "@/lib/logging/logger";
import { QUEUES, type QueueDefinition, type QueueName } from "./queues";

export type JobHandler<Data> = (job: { id: string; data: Data; retryCount: number }) => Promise<unknown>;
export type JobHandlers = { [N in QueueName]?: JobHandler<QueueData<N>> };
export type QueueData<N extends QueueName> = (typeof QUEUES)[N] extends { data: (value: unknown) => infer D } ? D : never;

/** A send inside the caller's Prisma transaction: pg-boss runs its INSERT through it. */
function throughTransaction(tx: Tx): PgBoss.Db {
  return {
    executeSql: async (text, values) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...(values ?? [])) }),
  };
}

const CREATE_ATTEMPTS = 5;

/**
 * Creates a queue that another instance may be creating at the same moment.
 * Two instances starting together on a new database (or after an upgrade that
 * adds queues) race: the loser finds the queue there (ignoreCreateRace), or,
 * with several queues, PostgreSQL aborts one of the two with "deadlock
 * detected" (pg-boss adds a partition to its job table for each queue), and
 * that one tries again.
 */
async function createQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, "name">): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await boss.createQueue(name, { name, ...options });
    } catch (error) {
      if (!/deadlock detected/i.test((error as Error)?.message ?? "") || attempt === CREATE_ATTEMPTS) return ignoreCreateRace(error);
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

export type JobQueueOptions = {
  connectionString: string;
  /** Connections of the queue's own pool (workers poll on it). */
  poolSize?: number;
  /**
   * An app server's queue: runs pg-boss's maintenance (a job whose worker
   * died is retried once its expiry passes) and cron schedules. Other
   * processes (the CLI) only queue jobs.
   */
  worker?: boolean;
};

export class JobQueue {
  private readonly boss: PgBoss;
  private starting: Promise<void> | undefined;
  private working = false;
  readonly worker: boolean;

  constructor(options: JobQueueOptions) {
    this.worker = options.worker ?? false;
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      max: options.poolSize ?? 4,
      application_name: "keyward-jobs",
      migrate: false,
      // Maintenance (expiring stuck jobs, archiving) and cron run only where
      // workers run; a CLI command that queues one job needs neither.
      supervise: options.worker ?? false,
      schedule: options.worker ?? false,
      // How often maintenance looks for jobs whose worker died (killed mid-job):
      // such a job is retried once its expiry has passed and maintenance has
      // seen it, so this bounds the wait after a SIGKILL. pg-boss's default is
      // 120 s; one cheap query every 30 s (one instance runs it per interval).
      maintenanceIntervalSeconds: 30,
    });
    this.boss.on("error", logQueueError());
  }

  /**
   * Connects and makes sure every queue of QUEUES exists (idempotent; shared by
   * every caller). The migrator has created them (installJobQueues); creating
   * one here only covers a database migrated by an older Keyward, and needs a
   * role that may change the schema.
   */
  ready(): Promise<void> {
    return (this.starting ??= (async () => {
      await this.boss.start();
      const existing = new Set((await this.boss.getQueues()).map((queue) => queue.name));
      for (const [name, definition] of Object.entries(QUEUES)) {
        if (!existing.has(name)) await createQueue(this.boss, name, definition.options);
      }
    })());
  }

  /**
   * Queues a job. With `tx`, the job is inserted in that transaction: it
   * exists if and only if the transaction commits.
   */
  async send<N extends QueueName>(name: N, data: QueueData<N>, options: PgBoss.SendOptions = {}, tx?: Tx): Promise<string | null> {
    await this.ready();
    const parsed = QUEUES[name].data(data);
    return this.boss.send(name, parsed as object, tx ? { ...options, db: throughTransaction(tx) } : options);
  }

  /**
   * Starts working the given queues in this process (app servers), with
   * pg-boss's maintenance: a job whose worker died mid-way is retried once
   * its expiry passes.
   */
  async startWorkers(handlers: JobHandlers): Promise<void> {
    await this.ready();
    this.working = true;
    for (const [name, handler] of Object.entries(handlers) as [QueueName, JobHandler<unknown>][]) {
      const definition: { work: PgBoss.WorkOptions; concurrency?: number } = QUEUES[name];
      await this.boss.work<unknown>(name, { ...definition.work, includeMetadata: true }, (jobs) =>
        inLanes(jobs, definition.concurrency ?? 1, (job) => handler({ id: job.id, data: QUEUES[name].data(job.data), retryCount: job.retryCount })),
      );
    }
  }

  /**
   * Sets the cron schedule of every queue that has one (QUEUES[name].cron).
   * Idempotent (an upsert of the schedule's row), so every app server sets
   * them at start; pg-boss sends one job per tick however many there are.
   */
  async startSchedules(): Promise<void> {
    await this.ready();
    for (const [name, definition] of Object.entries(QUEUES) as [QueueName, QueueDefinition<unknown>][]) {
      if (definition.cron) await this.boss.schedule(name, definition.cron(), undefined, { tz: "UTC" });
    }
  }

  /** The queue's own pg-boss (tests, and jobs that need its other calls). */
  get pgBoss(): PgBoss {
    return this.boss;
  }

  /**
   * Stops fetching, waits up to `timeoutMs` for the jobs in hand, and hands
   * back any still running (pg-boss fails them, so another instance retries).
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.starting) return;
    await this.starting.catch(() => {});
    await this.boss.stop({ graceful: this.working, timeout: timeoutMs, wait: true });
  }
}

/**
 * pg-boss reports each failed poll: while the database is down, that is one
 * error a second per queue. One line per distinct message a minute says the
 * same (the outage itself is logged once, by lib/db/outage.ts).
 */
function logQueueError(intervalMs = 60_000) {
  const lastLogged = new Map<string, number>();
  return (error: Error) => {
    const now = Date.now();
    const message = error?.message ?? String(error);
    if (now - (lastLogged.get(message) ?? -Infinity) < intervalMs) return;
    if (lastLogged.size > 100) lastLogged.clear();
    lastLogged.set(message, now);
    logger().warn({ err: error }, "[keyward] job queue error (repeats of this message are silent for a minute)");
  };
}

/**
 * Runs each item through `run`, at most `lanes` at a time, all of them even
 * if one fails; then throws the first failure. pg-boss then fails and retries
 * the whole batch, the jobs that succeeded too: every handler must be safe to
 * run twice (each one's comment in lib/jobs/queues.ts says why it is).
 */
async function inLanes<T>(items: readonly T[], lanes: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await run(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
  if (failure) throw (failure as { error: unknown }).error;
}

/**
 * Creates every queue of QUEUES, and brings the options of those that exist
 * up to date: part of migrating the database (lib/runtime/prepare-database.ts),
 * with the migrator's role. Creating a queue is DDL (pg-boss gives each queue
 * a partition of its job table), which an app role that may only read and
 * write (behind PgBouncer, say) is not allowed to do.
 */
export async function installJobQueues(connectionString: string): Promise<void> {
  const queue = new JobQueue({ connectionString, poolSize: 1 });
  try {
    await queue.ready();
    for (const [name, { options }] of Object.entries(QUEUES)) {
      // A queue's policy is fixed at creation; the rest can change.
      const { policy: _policy, ...changeable } = options as Omit<PgBoss.Queue, "name">;
      await queue.pgBoss.updateQueue(name, { ...changeable, name });
    }
  } finally {
    await queue.stop();
  }
}

function ignoreCreateRace(error: unknown) {
  // Two instances starting together: the other one created it first.
  if (!/duplicate key|already exists/i.test((error as Error)?.message ?? "")) throw error;
}
