// GET /api/health on the production server, while its database goes away and comes back.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { acquireEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrator";
import { migrationsDir } from "@/lib/paths";
import { eventually, startAppServer, type AppServer } from "../support/app-server";
import { freePort } from "../support/free-port";

let PG_PORT: number; // the database stops and comes back on it
const pgDir = path.join(mkdtempSync(path.join(tmpdir(), "keyward-health-")), "postgres");
let database: EmbeddedPostgres;
let server: AppServer;

async function health() {
  const response = await fetch(`${server.url}/api/health`);
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  PG_PORT = await freePort();
  database = await acquireEmbeddedPostgres({ role: "test", dir: pgDir, port: PG_PORT });
  await applyMigrations(database.url, migrationsDir());
  server = await startAppServer({ databaseUrl: database.url });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await database?.release();
});

describe("GET /api/health", () => {
  test("answers 200 while the database is up, 503 while it is down, and 200 again when it returns", async () => {
    // The key change listener probes itself at start: "listening" once its own NOTIFY came back.
    expect(await eventually(health, (h) => h.body.notifications === "listening", 15_000)).toEqual({ status: 200, body: { status: "ok", database: "up", notifications: "listening" } });

    await database.release();
    const down = await eventually(health, (h) => h.status === 503 && h.body.notifications === "down", 15_000);
    expect(down.body).toEqual({ status: "unavailable", database: "down", notifications: "down" });

    // The app was not restarted: it reconnects by itself, notifications too.
    database = await acquireEmbeddedPostgres({ role: "test", dir: pgDir, port: PG_PORT });
    const back = await eventually(health, (h) => h.status === 200 && h.body.notifications === "listening", 20_000);
    expect(back.body).toEqual({ status: "ok", database: "up", notifications: "listening" });
  }, 60_000);

  test("is never cached", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
