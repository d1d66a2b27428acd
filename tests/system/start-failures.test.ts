// `npm start` refuses to start, with one clear message, when it cannot work;
// and, started before its database (as orchestrators do), waits for it up to
// KEYWARD_DATABASE_WAIT_MS rather than exiting at once.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { CuttableProxy } from "../../scripts/bench/tcp-proxy";
import { startAppServer } from "../support/app-server";
import { freePort } from "../support/free-port";
import { cleanEnv, runCommand } from "../support/run-command";
import { APP_ROLE, asAppRole, grantAppRole } from "../support/database-admin";
import { createTestDatabase } from "../support/test-database";

const SECRET = "x".repeat(40);

function start(env: Record<string, string>) {
  return runCommand(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: cleanEnv({ KEYWARD_STATE_DIR: mkdtempSync(path.join(tmpdir(), "keyward-start-")), PORT: "3290", ...env }),
    timeoutMs: 60_000,
  });
}

function expectNoStackTrace(output: string) {
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe("npm start", () => {
  test("with a database that is down and no wait (KEYWARD_DATABASE_WAIT_MS=0), says so plainly and exits 1", async () => {
    const result = await start({ DATABASE_URL: "postgresql://keyward:secret@127.0.0.1:1/keyward", AUTH_SECRET: SECRET, KEY_PEPPER: SECRET, KEYWARD_DATABASE_WAIT_MS: "0" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Keyward could not start: Cannot reach PostgreSQL at 127.0.0.1:1/keyward (ECONNREFUSED).");
    expect(result.stderr).not.toContain("secret@"); // the password in the URL is not echoed
    expectNoStackTrace(result.stderr);
  });

  test("with a malformed DATABASE_URL, says what is expected", async () => {
    const result = await start({ DATABASE_URL: "not a url", AUTH_SECRET: SECRET, KEY_PEPPER: SECRET });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL is not a valid URL");
    expectNoStackTrace(result.stderr);
  });

  test.each(["AUTH_SECRET", "KEY_PEPPER"])("in production with an external database, a missing %s stops start-up", async (missing) => {
    const env: Record<string, string> = { DATABASE_URL: "postgresql://keyward@127.0.0.1:1/keyward", AUTH_SECRET: SECRET, KEY_PEPPER: SECRET };
    delete env[missing];
    const result = await start(env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Keyward could not start: ${missing} is not set.`);
    expect(result.stderr).toContain("openssl rand -base64 32");
    expectNoStackTrace(result.stderr);
  });

  test("a secret that is too short is refused", async () => {
    const result = await start({ DATABASE_URL: "postgresql://keyward@127.0.0.1:1/keyward", AUTH_SECRET: "short", KEY_PEPPER: SECRET });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("AUTH_SECRET must be at least 32 characters long");
  });

  test("with a role that may not create tables, says which URL the migrations need to change, without a stack trace", async () => {
    const db = await createTestDatabase({ migrated: false });
    await grantAppRole(db.url);
    const result = await start({ DATABASE_URL: asAppRole(db.url), AUTH_SECRET: SECRET, KEY_PEPPER: SECRET, KEYWARD_DATABASE_WAIT_MS: "0" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Keyward could not start: Could not migrate the database at 127.0.0.1:${new URL(db.url).port || 5432}/${db.name} as DATABASE_URL: permission denied for schema public (42501).`);
    expect(result.stderr).toContain("point DATABASE_URL at one");
    expect(result.stderr).not.toContain(APP_ROLE.password);
    expectNoStackTrace(result.stderr);
  });

  test("with a database that never comes, retries with backoff until the deadline, then exits 1 saying how long it waited", async () => {
    const port = await freePort(); // nobody listens there
    const started = Date.now();
    const result = await start({ DATABASE_URL: `postgresql://keyward:secret@127.0.0.1:${port}/keyward`, AUTH_SECRET: SECRET, KEY_PEPPER: SECRET, KEYWARD_DATABASE_WAIT_MS: "3000" });
    const elapsed = Date.now() - started;
    expect(result.code).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(3_000); // the last attempt falls on the deadline
    const attempts = result.stdout.match(/Waiting for PostgreSQL at 127\.0\.0\.1:\d+\/keyward \(ECONNREFUSED\): attempt \d+, next in [\d.]+ s, giving up in [\d.]+ s/g) ?? [];
    expect(attempts.length).toBeGreaterThanOrEqual(3); // 250 ms, 500 ms, 1 s, 2 s (shortened)… fit in 3 s
    expect(result.stderr).toMatch(new RegExp(`Keyward could not start: Cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}/keyward \\(ECONNREFUSED\\) after waiting [\\d.]+ s \\(KEYWARD_DATABASE_WAIT_MS=3000\\)`));
    expect(result.stdout + result.stderr).not.toContain("secret@");
    expectNoStackTrace(result.stderr);
    console.log(`[start-failures] gave up after ${elapsed} ms with KEYWARD_DATABASE_WAIT_MS=3000, ${attempts.length} attempts logged`);
  });

  test("started before its database, waits, then migrates and serves once PostgreSQL answers", async () => {
    const db = await createTestDatabase({ migrated: false });
    const proxyPort = await freePort();
    // The database "comes up" when the proxy opens: until then connections are refused, as from a server not yet listening.
    const proxy = new CuttableProxy(proxyPort, { host: new URL(db.url).hostname, port: Number(new URL(db.url).port || 5432) });
    const behindProxy = new URL(db.url);
    behindProxy.port = String(proxyPort);
    const opened = new Promise<number>((resolve) => setTimeout(() => void proxy.up().then(() => resolve(Date.now())), 3_000));
    try {
      const server = await startAppServer({ via: "npm-start", databaseUrl: behindProxy.toString(), env: { KEYWARD_DATABASE_WAIT_MS: "60000" } });
      try {
        const ready = Date.now();
        expect(ready).toBeGreaterThan(await opened);
        expect(server.output()).toMatch(/Waiting for PostgreSQL at 127\.0\.0\.1:\d+\/kw_test_\w+ \(ECONNREFUSED\): attempt 1,/);
        expect(server.output()).toMatch(/PostgreSQL at .* answered after [\d.]+ s\./);
        expect(server.output()).toMatch(/Applied migration \d+_init/);
        const health = await fetch(`${server.url}/api/health`);
        expect(health.status).toBe(200);
        console.log(`[start-failures] database opened 3 s after start; app healthy ${ready - (await opened)} ms later`);
      } finally {
        await server.stop();
      }
    } finally {
      await proxy.down();
    }
  }, 180_000);
});
