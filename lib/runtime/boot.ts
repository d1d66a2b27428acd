// Everything a Keyward process needs before it can serve or act: environment
// files, a database (the configured one, or the embedded one), secrets, and an
// up-to-date schema. Shared by `npm start`, `npm run dev` and the operator CLI,
// so all three always agree on which database and which secrets they use.
import nextEnv from "@next/env";
import { ConfigError, resolveSecrets } from "../config/secrets";
import { ConfigurationError, launcherEnv } from "../env";
import { acquireEmbeddedPostgres, type EmbeddedRole } from "../db/embedded-postgres";
import { applyMigrations } from "../db/migrator";
import { DatabaseUnavailableError, databaseTarget, waitForDatabase } from "../db/wait-for-database";
import { migrationsDir } from "../paths";

export { DatabaseUnavailableError };

export type BootOptions = {
  role: Exclude<EmbeddedRole, "test">;
  production: boolean;
  log: (line: string) => void;
};

export type Runtime = {
  /** Variables to run the app server (or the CLI's own code) with. */
  env: Record<string, string>;
  databaseUrl: string;
  /** The embedded database's data directory; null with DATABASE_URL. */
  embeddedDataDir: string | null;
  release(): Promise<void>;
};

export async function bootRuntime(options: BootOptions): Promise<Runtime> {
  nextEnv.loadEnvConfig(process.cwd(), !options.production, { info: () => {}, error: console.error });
  const launcher = launcherEnv();
  const configuredUrl = launcher.DATABASE_URL;
  // Configuration problems first: they need no database to report.
  const secrets = resolveSecrets({ mayGenerate: !options.production || !configuredUrl });

  const database = configuredUrl
    ? { url: configuredUrl, dataDir: null, release: async () => {} }
    : await acquireEmbeddedPostgres({ role: options.role, log: options.log });
  // Behind a transaction pooler, the migrator's session advisory lock would be
  // taken on one server connection and released on another: it needs a session.
  const directUrl = configuredUrl ? launcher.DATABASE_DIRECT_URL : undefined;
  try {
    if (configuredUrl) {
      // One deadline for both: the pooler may come up before the database behind it, or after.
      const deadline = Date.now() + launcher.KEYWARD_DATABASE_WAIT_MS;
      const wait = (url: string, variable: string) =>
        waitForDatabase(url, { deadlineMs: Math.max(0, deadline - Date.now()), log: options.log, variable });
      if (directUrl) await wait(directUrl, "DATABASE_DIRECT_URL");
      await wait(configuredUrl, "DATABASE_URL");
    }
    const migrationUrl = directUrl ?? database.url;
    const { applied } = await applyMigrations(migrationUrl, migrationsDir(), options.log).catch((error: unknown) => {
      throw explainMigrationFailure(error, migrationUrl, directUrl ? "DATABASE_DIRECT_URL" : "DATABASE_URL");
    });
    if (applied.length === 0) options.log("Database schema is up to date.");

    const env: Record<string, string> = { DATABASE_URL: database.url, ...secrets };
    if (directUrl) env.DATABASE_DIRECT_URL = directUrl;
    if (!configuredUrl) env.KEYWARD_EMBEDDED_DB = "1";
    // Without a fixed public URL, next-auth builds its URLs from the request's
    // Host header, so the app works at localhost, 127.0.0.1 or a LAN address alike.
    if (!launcher.NEXTAUTH_URL) env.AUTH_TRUST_HOST = "true";
    return { env, databaseUrl: database.url, embeddedDataDir: database.dataDir, release: database.release };
  } catch (error) {
    await database.release();
    throw error;
  }
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

/** Prints a start-up failure as one clear message (no stack trace for expected problems). */
export function reportBootFailure(error: unknown): never {
  if (error instanceof ConfigError || error instanceof ConfigurationError || error instanceof DatabaseUnavailableError || (error as Error)?.name === "MigrationError") {
    console.error(`\nKeyward could not start: ${(error as Error).message}\n`);
  } else {
    console.error("\nKeyward could not start:", error);
  }
  process.exit(1);
}
