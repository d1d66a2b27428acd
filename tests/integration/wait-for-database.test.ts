// Start-up's wait for PostgreSQL (lib/db/wait-for-database.ts) against real
// servers: one that comes up late, and one that refuses the password, which
// no amount of waiting fixes.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { acquireEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { DatabaseUnavailableError, waitForDatabase } from "@/lib/db/wait-for-database";
import { CuttableProxy } from "../../scripts/bench/tcp-proxy";
import { freePort } from "../support/free-port";
import { createTestDatabase } from "../support/test-database";

let embedded: Awaited<ReturnType<typeof acquireEmbeddedPostgres>> | undefined;
afterAll(() => embedded?.release());

describe("waitForDatabase", () => {
  test("keeps trying until the server answers, one log line per attempt", async () => {
    const db = await createTestDatabase({ migrated: false });
    const target = new URL(db.url);
    const proxy = new CuttableProxy(await freePort(), { host: target.hostname, port: Number(target.port || 5432) });
    target.port = String(proxy.port);
    const logs: string[] = [];
    const opened = new Promise<number>((resolve) => setTimeout(() => void proxy.up().then(() => resolve(Date.now())), 1_500));
    try {
      await waitForDatabase(target.toString(), { deadlineMs: 30_000, log: (line) => logs.push(line) });
      expect(Date.now()).toBeGreaterThanOrEqual(await opened);
      expect(logs.filter((line) => line.startsWith(`Waiting for PostgreSQL at 127.0.0.1:${proxy.port}/`)).length).toBeGreaterThanOrEqual(2);
      expect(logs.at(-1)).toMatch(/answered after [\d.]+ s\.$/);
    } finally {
      await proxy.down();
    }
  });

  test("a wrong password fails at once, whatever the deadline, and is never printed", async () => {
    // The embedded server checks passwords (scram-sha-256); the machine's own may trust every local user.
    embedded = await acquireEmbeddedPostgres({ role: "test", dir: path.join(mkdtempSync(path.join(tmpdir(), "keyward-wait-")), "postgres"), port: await freePort() });
    const wrong = new URL(embedded.url);
    wrong.password = "not-the-password-42";
    const started = Date.now();
    const error = await waitForDatabase(wrong.toString(), { deadlineMs: 60_000, log: () => {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toContain("refused DATABASE_URL's credentials");
    expect((error as Error).message).not.toContain("not-the-password-42");
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 60_000);
});
