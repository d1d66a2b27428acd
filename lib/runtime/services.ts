// The process's long-lived services, in one place: the Prisma client, Redis,
// the verification cache and the LISTEN connection that keeps it honest, the
// usage recorder, the rate limiter and monthly quota, and the password pool;
// and the metrics that watch them (GET /api/metrics), which are never closed.
//
// The app server calls start() once (instrumentation.ts), which opens them all
// and waits for Redis and the change listener, so the first requests already
// share limits and use the cache; and stop() on shutdown (shutdown.ts), which
// writes buffered usage first and then closes the rest. Anything else (the
// CLI, scripts, tests) just uses a service: each is created on first use, and
// stop() closes whatever was created.
//
// The one object is held on globalThis (services-holder.ts) so that `next dev`,
// which re-evaluates modules on every change, keeps one pool and one listener
// rather than one per reload.
import { KEY_CHANGE_CHANNEL } from "@/lib/api-keys/invalidate-keys";
import { KeyChangeListener } from "@/lib/api-keys/key-change-listener";
import { VerificationCache } from "@/lib/api-keys/verification-cache";
import type { VerifiedKey } from "@/lib/api-keys/verify-api-key";
import { createPasswordPool, type PasswordPool } from "@/lib/auth/password-pool";
import { createPrismaClient, poolStats, type PrismaClient } from "@/lib/db/prisma";
import { databaseEnv, serverEnv } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { JobQueue } from "@/lib/jobs/job-queue";
import { readQueueDepth } from "@/lib/jobs/queue-depth";
import { KeywardMetrics, type MetricSources } from "@/lib/observability/metrics";
import { MonthlyQuota } from "@/lib/rate-limit/monthly-quota";
import { KeyRateLimiter } from "@/lib/rate-limit/rate-limiter";
import { RedisConnection } from "@/lib/redis/client";
import { heldServices, heldTraffic, stopHeldServices, type Stoppable } from "@/lib/runtime/services-holder";
import { lineageUsageSince } from "@/lib/usage/usage-queries";
import { createUsageRecorder, type UsageRecorder } from "@/lib/usage/usage-recorder";

export type KeyVerification = { cache: VerificationCache<VerifiedKey>; listener: KeyChangeListener };

type Held = {
  prisma: PrismaClient;
  jobs: JobQueue;
  redis: RedisConnection | null;
  keyVerification: KeyVerification;
  usageRecorder: UsageRecorder;
  rateLimiter: KeyRateLimiter;
  monthlyQuota: MonthlyQuota;
  passwordPool: PasswordPool;
};
export type ServiceName = keyof Held;

/** How each is closed, in the order stop() closes them: usage is written while the database is still open. */
const CLOSERS: { [N in ServiceName]: (service: NonNullable<Held[N]>) => unknown } = {
  // First: a job in hand (a webhook delivery) may still record usage or query.
  jobs: (queue) => queue.stop(),
  usageRecorder: (recorder) => recorder.close(),
  keyVerification: ({ listener }) => listener.stop(),
  rateLimiter: (limiter) => limiter.instances?.stop(),
  monthlyQuota: () => {},
  redis: (redis) => redis.close(),
  passwordPool: (pool) => pool.close(),
  prisma: (prisma) => prisma.$disconnect(),
};
const ALL = Object.keys(CLOSERS) as ServiceName[];

export class Services implements Stoppable {
  private held: Partial<Held> = {};
  private heldMetrics: KeywardMetrics | undefined;

  /**
   * The services' figures, read now, from those that exist (none is created
   * for it): what GET /api/metrics and the System page show.
   */
  readonly readings: MetricSources = {
    verificationCache: () => this.held.keyVerification?.cache,
    usageRecorder: () => {
      const recorder = this.held.usageRecorder;
      return recorder && { bufferedRollups: recorder.buffer.size, failedWrites: recorder.failedWrites, droppedRequests: recorder.droppedRequests };
    },
    redis: () => {
      const redis = this.held.redis;
      return redis && { state: redis.health, usable: redis.usable, fallbackSeconds: redis.fallbackSeconds() };
    },
    pool: () => (this.held.prisma ? poolStats(this.held.prisma) : undefined),
    traffic: heldTraffic,
    jobQueue: () => (this.held.jobs ? readQueueDepth(this.held.jobs) : undefined),
  };

  /** Kept across stop(): counts since the process started. */
  get metrics(): KeywardMetrics {
    return (this.heldMetrics ??= new KeywardMetrics(this.readings));
  }

  get prisma(): PrismaClient {
    return (this.held.prisma ??= createPrismaClient());
  }

  /** null when REDIS_URL is not set. */
  get redis(): RedisConnection | null {
    if (this.held.redis === undefined) {
      const env = serverEnv();
      this.held.redis = env.REDIS_URL ? new RedisConnection(env.REDIS_URL, env.KEYWARD_REDIS_TIMEOUT_MS) : null;
    }
    return this.held.redis;
  }

  /** Until the listener is listening, the cache answers nothing and every look-up goes to the database. */
  get keyVerification(): KeyVerification {
    if (!this.held.keyVerification) {
      const cache = new VerificationCache<VerifiedKey>({ maxEntries: 10_000, ttlMs: 60_000, negativeTtlMs: 5_000 });
      const env = databaseEnv();
      // The probe travels as invalidations do (a NOTIFY through the pool), so a listener that cannot hear them is found out.
      const sendProbe = (payload: string) => this.prisma.$executeRaw`SELECT pg_notify(${KEY_CHANGE_CHANNEL}, ${payload})`;
      const listener = new KeyChangeListener(env.DATABASE_DIRECT_URL ?? env.DATABASE_URL, cache, undefined, sendProbe);
      this.held.keyVerification = { cache, listener: listener.start() };
    }
    return this.held.keyVerification;
  }

  /** The durable job queue; only an app server's (start()) works jobs. */
  get jobs(): JobQueue {
    return (this.held.jobs ??= createJobQueue(false));
  }

  get usageRecorder(): UsageRecorder {
    return (this.held.usageRecorder ??= createUsageRecorder((seconds) => this.metrics.observeUsageWrite(seconds)));
  }

  get rateLimiter(): KeyRateLimiter {
    return (this.held.rateLimiter ??= new KeyRateLimiter(this.redis?.client ?? null));
  }

  get monthlyQuota(): MonthlyQuota {
    return (this.held.monthlyQuota ??= new MonthlyQuota(this.redis?.client ?? null, lineageUsageSince));
  }

  get passwordPool(): PasswordPool {
    return (this.held.passwordPool ??= createPasswordPool());
  }

  /** The service if it was created, without creating it. */
  existing<N extends ServiceName>(name: N): Held[N] | undefined {
    return this.held[name];
  }

  /** Puts a service of the caller's own in place (tests: a tiny password pool, say). */
  provide<N extends ServiceName>(name: N, service: Held[N]) {
    this.held[name] = service;
  }

  /** At server start: open everything now rather than at the first request that needs it. */
  async start(log: (line: string) => void = (line) => logger().warn(line)) {
    void this.prisma;
    void this.usageRecorder;
    void this.monthlyQuota;
    void this.passwordPool;
    const redis = this.redis;
    void this.rateLimiter;
    void this.metrics;
    const [redisReady] = await Promise.all([redis ? redis.ready() : true, this.keyVerification.listener.ready, this.startJobWorkers()]);
    if (!redisReady) log("[keyward] Redis did not answer at start; rate limits use this instance's memory until it does.");
  }

  /** An app server works the job queue unless KEYWARD_JOBS=off. */
  private async startJobWorkers() {
    if (serverEnv().KEYWARD_JOBS === "off") return;
    if (!this.held.jobs?.worker) {
      await this.held.jobs?.stop();
      this.held.jobs = createJobQueue(true);
    }
    const { jobHandlers } = await import("@/lib/jobs/workers");
    await this.held.jobs.startWorkers(jobHandlers());
    // The expiry sweep and the weekly digest (lib/notices).
    await this.held.jobs.startSchedules();
  }

  /**
   * Closes the named services (all of them by default), buffered usage first.
   * A service used again afterwards is created afresh: tests use that to
   * point Prisma at another database, or to forget the limiter's counts.
   */
  async stop(names: readonly ServiceName[] = ALL) {
    for (const name of ALL) {
      const service = this.held[name];
      if (!names.includes(name) || service === undefined) continue;
      // Closed while still held: a request finishing meanwhile records into the
      // recorder being flushed, rather than into a new one nobody would flush.
      try {
        if (service) await (CLOSERS[name] as (service: unknown) => unknown)(service);
      } catch (error) {
        logger().warn(`[keyward] Could not close ${name}: ${(error as Error).message}`);
      }
      if (this.held[name] === service) delete this.held[name];
    }
  }
}

function createJobQueue(worker: boolean): JobQueue {
  const env = databaseEnv();
  return new JobQueue({ connectionString: env.DATABASE_URL, worker });
}

/** The process's services (the one object, created on first use). */
export function services(): Services {
  return heldServices(() => new Services());
}

/** Closes the process's services (all by default; never creates them): graceful shutdown, the CLI, and tests' clean-up. */
export async function stopServices(names?: ServiceName[]): Promise<void> {
  if (names) await services().stop(names);
  else await stopHeldServices();
}
