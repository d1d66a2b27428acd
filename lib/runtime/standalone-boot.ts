// Start-up of the standalone build (scripts/standalone/, bundled into
// .next/standalone by standalone-artefact.ts). What bootRuntime does for
// `npm start`, minus what a deployment must not do by itself: there is no
// embedded PostgreSQL in the artefact, and secrets are never generated (a
// pepper invented in a container would vanish with it, and every API key
// with it). So DATABASE_URL, AUTH_SECRET and KEY_PEPPER are required, each
// with one clear message when missing.
import nextEnv from "@next/env";
import { ConfigError, resolveSecrets } from "../config/secrets";
import { launcherEnv } from "../env";
import { prepareDatabase } from "./prepare-database";

const UNREACHABLE_HINT = "and that this host can reach it.";

/** Wait for the database as `npm start` does, and migrate through DATABASE_DIRECT_URL when it is set (behind PgBouncer). */
function databaseOptions() {
  const { KEYWARD_DATABASE_WAIT_MS, DATABASE_DIRECT_URL } = launcherEnv();
  return { waitMs: KEYWARD_DATABASE_WAIT_MS, directUrl: DATABASE_DIRECT_URL, hint: UNREACHABLE_HINT };
}

/** The database the artefact runs against: DATABASE_URL (from the environment or a .env file beside server.js). */
export function standaloneDatabaseUrl(): string {
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
  const url = launcherEnv().DATABASE_URL;
  if (!url) {
    throw new ConfigError(
      "DATABASE_URL is not set. The standalone build has no embedded PostgreSQL: set DATABASE_URL to your " +
        "PostgreSQL (postgresql://user:password@host:5432/database). Or run `npm start` from the project, which starts one.",
    );
  }
  return url;
}

/** `node migrate.js`: applies the pending migrations and nothing else. */
export async function migrateStandalone(log: (line: string) => void): Promise<string[]> {
  return prepareDatabase(standaloneDatabaseUrl(), log, databaseOptions());
}

/**
 * `node server.js`, before it serves: configuration first (it needs no
 * database to report), then the migrations, as `npm start` does. Two
 * instances starting together are safe: the migrator holds Prisma's advisory lock.
 * Returns the variables to add to the server's environment.
 */
export async function bootStandalone(log: (line: string) => void): Promise<Record<string, string>> {
  const url = standaloneDatabaseUrl();
  resolveSecrets({ mayGenerate: false });
  await prepareDatabase(url, log, databaseOptions());
  // As bootRuntime: without a fixed public URL, next-auth builds its URLs from the request's Host.
  return launcherEnv().NEXTAUTH_URL ? {} : { AUTH_TRUST_HOST: "true" };
}
