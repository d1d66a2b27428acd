// Issue 13, upgrades, end to end: a database as the previous release left it
// (every migration but the latest, with each release's rows) is upgraded by
// `npm start` itself, the way an operator deploys a new version; nothing is
// lost, and the keys issued before the upgrade still verify over the API.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startAppServer, TEST_SECRETS, type AppServer } from "../support/app-server";
import { callMe } from "../support/instances";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { buildReleaseDatabase, failedChecks, lostOrChanged, migrationNames, rowCounts, SeedKeys, snapshotRows } from "../support/upgrades";

const names = migrationNames();
const latest = names.at(-1)!;
const keys = new SeedKeys(TEST_SECRETS.KEY_PEPPER);
let db: TestDatabase;
let before: Awaited<ReturnType<typeof snapshotRows>>;
let server: AppServer;

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
  await buildReleaseDatabase(db.url, names.length - 1, keys);
  before = await snapshotRows(db.url);
  server = await startAppServer({ via: "npm-start", databaseUrl: db.url });
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

describe(`npm start on the previous release's database (up to ${names.at(-2)})`, () => {
  test(`applies ${latest} at start-up, and every row is still there, unchanged`, async () => {
    expect(server.output()).toContain(`Applied migration ${latest}`);
    const after = await snapshotRows(db.url);
    expect(lostOrChanged(before, after)).toEqual([]);
    for (const [table, count] of Object.entries(rowCounts(before))) expect(rowCounts(after)[table], table).toBe(count);
    expect(await failedChecks(db.url, latest)).toEqual([]);
  });

  test("keys issued before the upgrade still verify; the revoked one is still refused", async () => {
    for (const name of ["billing", "ci", "reports", "sandbox_test"]) {
      const response = await callMe(server, keys.secret(name));
      expect(response.status, `${name}: ${await response.clone().text()}\n${server.output().slice(-3000)}`).toBe(200);
    }
    expect((await callMe(server, keys.secret("ci_old"))).status).toBe(401);
  });
});
