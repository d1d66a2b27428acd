// What the dashboard's System page shows owners: the same health as
// /api/health (checkHealth) and the same figures as GET /api/metrics (the
// services' readings), plus the versions of what runs. Read on each request
// to the page; nothing here is created for it, and nothing waits long: the
// database is asked only once it has answered the health check, and Redis
// under its own command deadline.
import "server-only";
import nextPackage from "next/package.json";
import packageJson from "@/package.json";
import { prisma } from "@/lib/db/prisma";
import type { PoolStats } from "@/lib/db/prisma";
import type { ListenerState } from "@/lib/api-keys/key-change-listener";
import { checkHealth, type Health } from "@/lib/health/check-health";
import type { QueueDepth } from "@/lib/jobs/queue-depth";
import { throughRedis, type RedisState } from "@/lib/redis/client";
import { services } from "@/lib/runtime/services";

export type SystemStatus = {
  health: Health;
  database: { version: string | null; pool: PoolStats | null };
  redis: { configured: false } | { configured: true; state: RedisState; version: string | null; fallbackSeconds: number };
  /** Where rate limits are counted now. */
  rateLimitBackend: "redis" | "memory";
  /**
   * The LISTEN connection that keeps the verification cache honest, as
   * /api/health reports it ("not-receiving": behind a transaction pooler
   * without DATABASE_DIRECT_URL); not started: nothing has verified a key yet.
   */
  listener: ListenerState | "not started";
  verificationCache: { entries: number; hits: number; misses: number } | null;
  usageBuffer: { bufferedRollups: number; failedWrites: number; droppedRequests: number } | null;
  /** The durable job queue: whether this instance works it (KEYWARD_JOBS), and its jobs by queue (null: not readable now). */
  jobs: { working: boolean; queues: QueueDepth[] | null };
  versions: { keyward: string; node: string; next: string };
};

export async function readSystemStatus(): Promise<SystemStatus> {
  const { readings } = services();
  const health = await checkHealth();
  const redis = readings.redis();
  const up = health.database === "up";
  const [databaseVersion, redisVersion, queues] = await Promise.all([
    up ? postgresVersion() : null,
    redis ? redisServerVersion() : null,
    up ? readings.jobQueue()?.catch(() => null) ?? null : null,
  ]);
  const cache = readings.verificationCache();
  return {
    health,
    database: { version: databaseVersion, pool: readings.pool() ?? null },
    redis: redis ? { configured: true, state: redis.state, version: redisVersion, fallbackSeconds: redis.fallbackSeconds } : { configured: false },
    rateLimitBackend: redis?.usable ? "redis" : "memory",
    listener: health.notifications ?? "not started",
    verificationCache: cache ? { entries: cache.size, hits: cache.hits, misses: cache.misses } : null,
    usageBuffer: readings.usageRecorder() ?? null,
    jobs: { working: services().existing("jobs")?.worker ?? false, queues },
    versions: { keyward: packageJson.version, node: process.version, next: nextPackage.version },
  };
}

async function postgresVersion(): Promise<string | null> {
  try {
    const [row] = await prisma.$queryRaw<{ server_version: string }[]>`SHOW server_version`;
    return row?.server_version ?? null;
  } catch {
    return null;
  }
}

async function redisServerVersion(): Promise<string | null> {
  const info = await throughRedis(services().redis?.client ?? null, (client) => client.info("server"));
  return info?.match(/^redis_version:(\S+)/m)?.[1] ?? null;
}
