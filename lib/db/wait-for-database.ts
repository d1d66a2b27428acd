// Start-up's first contact with an external PostgreSQL. Orchestrators (Compose,
// Kubernetes, systemd) often start the app before the database accepts
// connections; exiting at once would turn that ordinary race into a crash loop.
// So start-up retries, with exponential backoff and jitter (several instances
// booting together do not knock in step), until a deadline, saying on each
// attempt what it waits for. Problems that waiting cannot fix (a wrong
// password, a malformed URL) still fail at once.
import pg from "pg";

export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseUnavailableError";
  }
}

export type WaitOptions = {
  /** How long to keep trying, from the first attempt; 0 tries once. */
  deadlineMs: number;
  log: (line: string) => void;
  /** The variable the URL came from, for messages. */
  variable?: string;
  /** What to check besides the server and the URL (default: the embedded database, which `npm start` runs without DATABASE_URL). */
  hint?: string;
  /** Defaults to Math.random; tests pin it. */
  random?: () => number;
};

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 4_000;
const ATTEMPT_TIMEOUT_MS = 5_000;
// Invalid password, no such role, not allowed by pg_hba.conf: retrying only fills the server's log.
const PERMANENT_CODES = new Set(["28P01", "28000"]);

/** host:port/database, never the user or password. */
export function databaseTarget(url: string, variable = "DATABASE_URL"): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    throw new DatabaseUnavailableError(`${variable} is not a valid URL (expected postgresql://user:password@host:5432/database).`);
  }
}

/** The delay before attempt n+1 (n from 1): doubling from 250 ms up to 4 s, the upper half jittered. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Resolves once `SELECT 1` answers; throws a DatabaseUnavailableError past the deadline. */
export async function waitForDatabase(url: string, options: WaitOptions): Promise<void> {
  const variable = options.variable ?? "DATABASE_URL";
  const target = databaseTarget(url, variable);
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const remaining = options.deadlineMs - (Date.now() - started);
    const reason = await tryConnect(url, Math.max(1_000, Math.min(ATTEMPT_TIMEOUT_MS, remaining)));
    if (reason === null) {
      if (attempt > 1) options.log(`PostgreSQL at ${target} answered after ${formatSeconds(Date.now() - started)}.`);
      return;
    }
    if (PERMANENT_CODES.has(reason.code)) {
      throw new DatabaseUnavailableError(`PostgreSQL at ${target} refused ${variable}'s credentials (${reason.text}). Check the user and password.`);
    }
    const left = options.deadlineMs - (Date.now() - started);
    if (left <= 0) {
      const waited = options.deadlineMs > 0 ? ` after waiting ${formatSeconds(Date.now() - started)} (KEYWARD_DATABASE_WAIT_MS=${options.deadlineMs})` : "";
      throw new DatabaseUnavailableError(
        `Cannot reach PostgreSQL at ${target} (${reason.code})${waited}. Check that the server is running and that ${variable} is right, ` +
          (options.hint ?? "or unset DATABASE_URL to use the embedded database."),
      );
    }
    // The last wait is cut short so that the last attempt falls on the deadline, not past it.
    const delay = Math.min(backoffDelayMs(attempt, options.random), left);
    options.log(
      `Waiting for PostgreSQL at ${target} (${reason.code}): attempt ${attempt}, next in ${formatSeconds(delay)}, ` +
        `giving up in ${formatSeconds(left)} (KEYWARD_DATABASE_WAIT_MS).`,
    );
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function tryConnect(url: string, timeoutMs: number): Promise<{ code: string; text: string } | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A server that is shutting down may drop the socket after connect: that is one more failed attempt, not a crash.
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    const code = (error as { code?: string }).code ?? (/timeout/i.test((error as Error).message) ? "timeout" : "unreachable");
    return { code, text: (error as Error).message };
  } finally {
    await client.end().catch(() => {});
  }
}

function formatSeconds(ms: number) {
  return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
