// Issue 13, upgrades: for every migration N, a database that an older release
// (migrations 0…N-1) filled with realistic rows is upgraded by the app's own
// migrator; N's checks hold, and no row that was there is lost or changed.
// Every migration must come with its fixtures (tests/fixtures/upgrades): a new
// migration without them fails here, so "the same for every migration from now
// on" is not a promise but a test.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { applyMigrations } from "@/lib/db/migrator";
import { TEST_SECRETS } from "../support/app-server";
import { migrationsDir } from "@/lib/paths";
import { createTestDatabase } from "../support/test-database";
import { buildReleaseDatabase, failedChecks, fixtureFile, lostOrChanged, migrationNames, migrationsUpTo, rowCounts, SeedKeys, snapshotRows, UPGRADE_FIXTURES } from "../support/upgrades";

const names = migrationNames();

describe("upgrade fixtures", () => {
  test("every migration has a seed, and every one after the first has checks", () => {
    const missing = names.flatMap((name, index) => [
      ...(existsSync(fixtureFile(name, "seed.sql")) ? [] : [`${name}/seed.sql`]),
      ...(index === 0 || existsSync(fixtureFile(name, "checks.sql")) ? [] : [`${name}/checks.sql`]),
    ]);
    expect(missing, `add these under ${path.relative(process.cwd(), UPGRADE_FIXTURES)} (see its README)`).toEqual([]);
  });

  test("no fixture folder is left over from a migration that no longer exists", () => {
    const folders = readdirSync(UPGRADE_FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.filter((folder) => !names.includes(folder))).toEqual([]);
  });
});

describe.each(names.slice(1).map((name, index) => ({ name, previous: index + 1 })))("upgrading to $name", ({ name, previous }) => {
  test("from the release before it, with its data: the checks hold and nothing is lost", async () => {
    const db = await createTestDatabase({ migrated: false });
    await buildReleaseDatabase(db.url, previous, new SeedKeys(TEST_SECRETS.KEY_PEPPER));
    const before = await snapshotRows(db.url);
    expect(Object.values(rowCounts(before)).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(10);

    const { applied } = await applyMigrations(db.url, migrationsUpTo(previous + 1));
    expect(applied).toEqual([name]);

    expect(await failedChecks(db.url, name)).toEqual([]);
    expect(lostOrChanged(before, await snapshotRows(db.url))).toEqual([]);
  });
});

test("the whole chain, seeds included, ends at the current schema", async () => {
  const db = await createTestDatabase({ migrated: false });
  await buildReleaseDatabase(db.url, names.length, new SeedKeys(TEST_SECRETS.KEY_PEPPER));
  expect((await applyMigrations(db.url, migrationsDir())).applied).toEqual([]);
});
