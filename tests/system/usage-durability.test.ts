// Usage survives what happens to real servers: a database outage between
// flushes, and a graceful shutdown right after the requests.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { stopServices } from "@/lib/runtime/services";
import { acquireEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrator";
import { getPrisma } from "@/lib/db/prisma";
import { migrationsDir } from "@/lib/paths";
import { UsageRecorder } from "@/lib/usage/usage-recorder";
import { writeUsageBatch } from "@/lib/usage/write-usage";
import { startAppServer } from "../support/app-server";
import { freePort } from "../support/free-port";
import { createOrganizationActor, issueKey } from "../support/factories";
import { createTestDatabase } from "../support/test-database";

afterAll(() => stopServices());

async function countFor(apiKeyId: string) {
  const rows = await getPrisma().usageRollup.findMany({ where: { apiKeyId } });
  return rows.reduce((sum, row) => sum + row.count, 0);
}

function resetPrisma() {
  return stopServices(["prisma"]);
}

describe("a database outage between flushes", () => {
  const pgDir = path.join(mkdtempSync(path.join(tmpdir(), "keyward-usage-outage-")), "postgres");
  let PG_PORT: number; // the database stops and comes back on it
  let database: EmbeddedPostgres;
  afterAll(async () => {
    await resetPrisma();
    await database?.release();
  });

  test("keeps the usage in memory, retries, and writes all of it once the database is back", async () => {
    PG_PORT = await freePort();
    database = await acquireEmbeddedPostgres({ role: "test", dir: pgDir, port: PG_PORT });
    await applyMigrations(database.url, migrationsDir());
    await resetPrisma();
    process.env.DATABASE_URL = database.url;
    const { organization, actor } = await createOrganizationActor("Outage");
    const { apiKey } = await issueKey(actor);

    const log: string[] = [];
    const recorder = new UsageRecorder({ intervalMs: 60_000, maxEntries: 1_000, flushEarlyAt: 1_000, log: (line) => log.push(line), write: writeUsageBatch });
    const record = (n: number, status = 200) => {
      for (let i = 0; i < n; i++) recorder.record({ apiKeyId: apiKey.id, organizationId: organization.id, route: "GET /api/v1/me", status, durationMs: 5, at: Date.now() });
    };
    record(5);
    await recorder.flush();
    expect(await countFor(apiKey.id)).toBe(5);

    await database.release(); // the database goes down
    record(7);
    record(2, 500);
    await expect(recorder.flush()).rejects.toThrow();
    expect(log.join("\n")).toMatch(/Could not write usage .*retrying/);
    record(3); // requests keep coming while it is down

    database = await acquireEmbeddedPostgres({ role: "test", dir: pgDir, port: PG_PORT }); // and comes back
    await recorder.close(30_000);
    expect(await countFor(apiKey.id)).toBe(17);
    expect(log.join("\n")).toMatch(/Usage is being written again/);
    expect(log.join("\n")).not.toMatch(/dropped/);
  }, 90_000);
});

describe("a graceful shutdown", () => {
  test("writes the usage buffered since the last flush before the server exits", async () => {
    const db = await createTestDatabase();
    await resetPrisma();
    process.env.DATABASE_URL = db.url;
    const { actor } = await createOrganizationActor("Shutdown");
    const { apiKey, secret } = await issueKey(actor);
    // No timed flush during the test: only the shutdown can write the usage.
    const server = await startAppServer({ databaseUrl: db.url, env: { KEYWARD_USAGE_FLUSH_MS: "600000" } });
    const statuses = await Promise.all(
      Array.from({ length: 25 }, () => fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status)),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    // Straight away, well inside the 2-second flush interval.
    await server.stop();
    expect(await countFor(apiKey.id)).toBe(25);
    await resetPrisma();
  }, 90_000);
});
