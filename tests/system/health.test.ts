// GET /api/health on the production server, while its database goes away and comes back.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { acquireEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrator";
import { migrationsDir } from "@/lib/paths";
import { cleanEnv } from "../support/run-command";

const APP_PORT = 3291;
const PG_PORT = 54391;
const pgDir = path.join(mkdtempSync(path.join(tmpdir(), "keyward-health-")), "postgres");
let database: EmbeddedPostgres;
let server: ChildProcess;
let serverLog = "";

async function health() {
  const response = await fetch(`http://127.0.0.1:${APP_PORT}/api/health`);
  return { status: response.status, body: await response.json() };
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch {
      // not answering yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}\nserver log:\n${serverLog}`);
}

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` (npm test does it for you).");
  database = await acquireEmbeddedPostgres({ role: "test", dir: pgDir, port: PG_PORT });
  await applyMigrations(database.url, migrationsDir());
  server = spawn(path.join("node_modules", ".bin", "next"), ["start", "--port", String(APP_PORT)], {
    env: cleanEnv({ NODE_ENV: "production", DATABASE_URL: database.url, AUTH_SECRET: "s".repeat(40), KEY_PEPPER: "p".repeat(40) }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk) => (serverLog += chunk));
  server.stderr!.on("data", (chunk) => (serverLog += chunk));
  await eventually(health, (h) => h.status === 200, 60_000);
}, 90_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await database?.release();
});

describe("GET /api/health", () => {
  test("answers 200 while the database is up, 503 while it is down, and 200 again when it returns", async () => {
    expect(await health()).toEqual({ status: 200, body: { status: "ok", database: "up" } });

    await database.release();
    const down = await eventually(health, (h) => h.status === 503, 15_000);
    expect(down.body).toEqual({ status: "unavailable", database: "down" });

    // The app was not restarted: it reconnects by itself.
    database = await acquireEmbeddedPostgres({ role: "test", dir: pgDir, port: PG_PORT });
    const back = await eventually(health, (h) => h.status === 200, 15_000);
    expect(back.body).toEqual({ status: "ok", database: "up" });
  }, 60_000);

  test("is never cached", async () => {
    const response = await fetch(`http://127.0.0.1:${APP_PORT}/api/health`);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
