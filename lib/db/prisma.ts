// The Prisma client of the app process, one of its services
// (lib/runtime/services.ts): created on first use rather than at import, so
// that `next build` (which imports route modules) needs no database, and so
// that tests and the CLI can choose DATABASE_URL before the first query.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { services } from "@/lib/runtime/services";

export function createPrismaClient(): PrismaClient {
  const env = databaseEnv();
  const adapter = new PrismaPg({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_SIZE,
    // Fail fast while the database is down, so requests get a 503 quickly
    // instead of queueing; the pool reconnects by itself when it returns.
    connectionTimeoutMillis: 3_000,
  });
  return new PrismaClient({ adapter });
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
