// Per-file databases for integration tests: a clone of the migrated template.
import { afterAll } from "vitest";
import { inject } from "vitest";
import { stopServices } from "@/lib/runtime/services";
import { dropDatabase, recreateDatabase, uniqueDatabaseName, withDatabaseName } from "./database-admin";

export type TestDatabase = { url: string; name: string; adminUrl: string };

/** A freshly migrated database of this file's own, dropped after the file's tests. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject("adminDatabaseUrl");
  const name = uniqueDatabaseName("kw_test");
  await recreateDatabase(adminUrl, name, options.migrated === false ? undefined : inject("templateDatabase"));
  afterAll(() => dropDatabase(adminUrl, name));
  return { url: withDatabaseName(adminUrl, name), name, adminUrl };
}

/**
 * Points lib/db/prisma at a fresh database of this file's own. Call at the top
 * level of an integration test file, before anything queries.
 */
export async function useTestDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  await stopServices(["prisma"]);
  process.env.DATABASE_URL = db.url;
  afterAll(() => stopServices(["prisma"]));
  return db;
}
