// Vitest global setup: one real PostgreSQL for the whole run.
//
// With TEST_DATABASE_URL (any database on the server, e.g. the CI machine's
// postgres://postgres@127.0.0.1:5432/test) the tests use that server;
// otherwise they start an embedded PostgreSQL of their own, apart from the
// app's. A template database is migrated once; each test file clones it
// (createTestDatabase), so files never see each other's rows.
import type { TestProject } from "vitest/node";
import { acquireEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrator";
import { installJobQueues } from "../../lib/jobs/job-queue";
import { migrationsDir } from "../../lib/paths";
import { assertLocalDatabase, dropDatabase, recreateDatabase, uniqueDatabaseName, withDatabaseName } from "./database-admin";
import { freePort } from "./free-port";

// Each run's own (or TEST_TEMPLATE_DATABASE), dropped at the end: two runs on
// one server (two checkouts, or CI jobs on one machine) would otherwise
// recreate each other's template mid-run.
export const TEMPLATE_DATABASE = process.env.TEST_TEMPLATE_DATABASE ?? uniqueDatabaseName("kw_template");

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  const server = external
    ? { url: external, release: async () => {} }
    : // A free port: another checkout's test server may hold any fixed one. (Used only when this checkout's is not running yet.)
      await acquireEmbeddedPostgres({ role: "test", dir: ".keyward/test-postgres", port: await freePort(), database: "postgres" });
  assertLocalDatabase(server.url);

  await recreateDatabase(server.url, TEMPLATE_DATABASE);
  await applyMigrations(withDatabaseName(server.url, TEMPLATE_DATABASE), migrationsDir());
  // As the app's migration step does (lib/runtime/prepare-database.ts).
  await installJobQueues(withDatabaseName(server.url, TEMPLATE_DATABASE));

  project.provide("adminDatabaseUrl", server.url);
  project.provide("templateDatabase", TEMPLATE_DATABASE);
  return async () => {
    await dropDatabase(server.url, TEMPLATE_DATABASE);
    await server.release();
  };
}
