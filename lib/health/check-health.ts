import "server-only";
import { prisma } from "@/lib/db/prisma";

export type Health = { status: "ok" | "unavailable"; database: "up" | "down" };

const DATABASE_TIMEOUT_MS = 2_000;

/** Is the app able to serve? Today that means: does the database answer, quickly. */
export async function checkHealth(): Promise<Health> {
  const ping = prisma.$queryRaw`SELECT 1`;
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), DATABASE_TIMEOUT_MS).unref());
  try {
    await Promise.race([ping, timeout]);
    return { status: "ok", database: "up" };
  } catch {
    ping.catch(() => {}); // settled later; nobody waits for it
    return { status: "unavailable", database: "down" };
  }
}
