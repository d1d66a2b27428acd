// The Prisma client of the app process, one of its services
// (lib/runtime/services.ts): created on first use rather than at import, so
// that `next build` (which imports route modules) needs no database, and so
// that tests and the CLI can choose DATABASE_URL before the first query.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { databaseEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { services } from "@/lib/runtime/services";

/** The connection pool at this moment (GET /api/metrics, the System page). */
export type PoolStats = { open: number; idle: number; waiting: number; max: number; waits: number };

const poolStatsOf = new WeakMap<PrismaClient, () => PoolStats>();

export function createPrismaClient(): PrismaClient {
  const env = databaseEnv();
  // Our own pool rather than the adapter's, so its counts can be read; the
  // adapter ends it when the client disconnects.
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_SIZE,
    // Fail fast while the database is down, so requests get a 503 quickly
    // instead of queueing; the pool reconnects by itself when it returns.
    connectionTimeoutMillis: 3_000,
  });
  const waits = countWaits(pool);
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  poolStatsOf.set(client, () => ({ open: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: env.DATABASE_POOL_SIZE, waits: waits.count }));
  return client;
}

/**
 * Counts check-outs that waited for a busy connection: a connection given
 * back while others queue goes straight to the first of them. pg's pool shows
 * only how many wait right now, which a scrape every 15 s would rarely catch.
 * (Check-outs waiting for a new connection to open are not queued there.)
 */
function countWaits(pool: pg.Pool) {
  const waits = { count: 0 };
  pool.on("release", () => {
    if (pool.waitingCount > 0) waits.count++;
  });
  return waits;
}

/** The pool's counts, for a client made by createPrismaClient. */
export function poolStats(client: PrismaClient): PoolStats | undefined {
  return poolStatsOf.get(client)?.();
}

export function getPrisma(): PrismaClient {
  return services().prisma;
}

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getPrisma();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
