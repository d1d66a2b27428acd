// Telling "the database is unreachable" apart from a bug, and saying so once.
//
// During an outage every request that needs PostgreSQL fails the same way.
// Answering each with a 500 and a stack trace (issue 10: 2,430 traces in 15 s)
// tells the client nothing it can act on and buries the log. These failures
// become 503 with Retry-After (lib/api/error-response.ts), and the log gets
// one line when the outage starts and one when the database answers again.
import { logger } from "@/lib/logging/logger";

/** Codes and messages of a database that cannot be reached (not of a query that is wrong). */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const MESSAGES = /DatabaseNotReachable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|timeout exceeded when trying to connect|Connection terminated|terminating connection|the database system is (?:starting up|shutting down)|Can't reach database server|Closed the connection|connection failure|SocketTimeout|ConnectionClosed/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string" && PRISMA_CODES.has(current.code)) return true;
    if (typeof current.message === "string" && MESSAGES.test(current.message)) return true;
    if (typeof current.kind === "string" && MESSAGES.test(current.kind)) return true;
    current = current.cause as typeof current;
  }
  return false;
}

/** Seconds a client should wait before retrying while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const state = globalThis as unknown as { keywardDatabaseOutageSince?: number | null };

/** Call when a database operation failed because the database is unreachable. Logs once per outage. */
export function noteDatabaseOutage(error: unknown, log: (line: string) => void = (line) => logger().error(line)) {
  if (state.keywardDatabaseOutageSince) return;
  state.keywardDatabaseOutageSince = Date.now();
  log(`[keyward] PostgreSQL is unreachable (${firstLine(error)}); answering 503 to what needs it, and known keys from the verification cache.`);
}

/** Call when a database operation succeeded. Logs once when an outage ends. */
export function noteDatabaseUp(log: (line: string) => void = (line) => logger().warn(line)) {
  const since = state.keywardDatabaseOutageSince;
  if (!since) return;
  state.keywardDatabaseOutageSince = null;
  log(`[keyward] PostgreSQL is back after ${Math.round((Date.now() - since) / 1000)} s.`);
}

export function databaseOutageSince(): number | null {
  return state.keywardDatabaseOutageSince ?? null;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split("\n").filter(Boolean).pop()?.slice(0, 200) ?? "unknown error";
}
