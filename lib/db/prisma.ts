// The one Prisma client of the app process.
//
// Created on first use rather than at import, so that `next build` (which
// imports route modules) needs no database, and so that tests and the CLI can
// choose DATABASE_URL before the first query.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

const globalForPrisma = globalThis as unknown as { keywardPrisma?: PrismaClient };

function createPrismaClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set.");
  const adapter = new PrismaPg({
    connectionString,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    // Fail fast while the database is down, so requests get a 503 quickly
    // instead of queueing; the pool reconnects by itself when it returns.
    connectionTimeoutMillis: 3_000,
  });
  return new PrismaClient({ adapter });
}

export function getPrisma(): PrismaClient {
  // Kept on globalThis so that `next dev` hot reloads reuse one pool.
  globalForPrisma.keywardPrisma ??= createPrismaClient();
  return globalForPrisma.keywardPrisma;
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
