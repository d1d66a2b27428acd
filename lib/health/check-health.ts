import "server-only";
import { prisma } from "@/lib/db/prisma";
import type { ListenerState } from "@/lib/api-keys/key-change-listener";
import type { RedisState } from "@/lib/redis/client";
import { services } from "@/lib/runtime/services";

/**
 * Redis is optional: while it is degraded or down, limits fall back to memory and the app still serves (200).
 * So are key change notifications: while they are not "listening", every key is verified against the
 * database; "not-receiving" means LISTEN goes through a transaction pooler (set DATABASE_DIRECT_URL).
 */
export type Health = { status: "ok" | "unavailable"; database: "up" | "down"; notifications?: ListenerState; redis?: RedisState };

const DATABASE_TIMEOUT_MS = 2_000;

/** Is the app able to serve? Today that means: does the database answer, quickly. */
export async function checkHealth(): Promise<Health> {
  const ping = prisma.$queryRaw`SELECT 1`;
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), DATABASE_TIMEOUT_MS).unref());
  try {
    await Promise.race([ping, timeout]);
    return withOptionalParts({ status: "ok", database: "up" });
  } catch {
    ping.catch(() => {}); // settled later; nobody waits for it
    return withOptionalParts({ status: "unavailable", database: "down" });
  }
}

function withOptionalParts(health: Health): Health {
  const listener = services().existing("keyVerification")?.listener;
  if (listener) health = { ...health, notifications: listener.state };
  const redis = services().redis;
  return redis ? { ...health, redis: redis.health } : health;
}
