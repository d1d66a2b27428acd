// Everything a Keyward process needs before it can serve or act: environment
// files, a database (the configured one, or the embedded one), secrets, and an
// up-to-date schema. Shared by `npm start`, `npm run dev` and the operator CLI,
// so all three always agree on which database and which secrets they use.
import nextEnv from "@next/env";
import { resolveSecrets } from "../config/secrets";
import { launcherEnv } from "../env";
import { acquireEmbeddedPostgres, type EmbeddedRole } from "../db/embedded-postgres";
import { prepareDatabase } from "./prepare-database";

export { bootFailureMessage, DatabaseUnavailableError, reportBootFailure } from "./prepare-database";

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
  const directUrl = configuredUrl ? launcher.DATABASE_DIRECT_URL : undefined;
  try {
    // An external server may not be up yet (KEYWARD_DATABASE_WAIT_MS); the embedded one has just started.
    await prepareDatabase(database.url, options.log, configuredUrl ? { waitMs: launcher.KEYWARD_DATABASE_WAIT_MS, directUrl } : { waitMs: 0 });

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
