// Everything a Keyward process needs before it can serve or act: environment
// files, a database (the configured one, or the embedded one), secrets, and an
// up-to-date schema. Shared by `npm start`, `npm run dev` and the operator CLI,
// so all three always agree on which database and which secrets they use.
import { format } from "node:util";
import nextEnv from "@next/env";
import pg from "pg";
import { ConfigError, resolveSecrets } from "../config/secrets";
import { ConfigurationError, launcherEnv } from "../env";
import { acquireEmbeddedPostgres, type EmbeddedRole } from "../db/embedded-postgres";
import { applyMigrations } from "../db/migrator";
import { migrationsDir } from "../paths";

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

export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseUnavailableError";
  }
}

export async function bootRuntime(options: BootOptions): Promise<Runtime> {
  nextEnv.loadEnvConfig(process.cwd(), !options.production, { info: () => {}, error: console.error });
  const launcher = launcherEnv();
  const configuredUrl = launcher.DATABASE_URL;
  // Configuration problems first: they need no database to report.
  const secrets = resolveSecrets({ mayGenerate: !options.production || !configuredUrl });

  const database = configuredUrl
    ? { url: configuredUrl, dataDir: null, release: async () => {} }
    : await acquireEmbeddedPostgres({ role: options.role, log: options.log });
  try {
    await assertReachable(database.url);
    const { applied } = await applyMigrations(database.url, migrationsDir(), options.log);
    if (applied.length === 0) options.log("Database schema is up to date.");

    const env: Record<string, string> = { DATABASE_URL: database.url, ...secrets };
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

async function assertReachable(url: string) {
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
    throw new DatabaseUnavailableError(
      `Cannot reach PostgreSQL at ${target} (${reason}). Check that the server is running and that DATABASE_URL is right, ` +
        "or unset DATABASE_URL to use the embedded database.",
    );
  } finally {
    await client.end().catch(() => {});
  }
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
