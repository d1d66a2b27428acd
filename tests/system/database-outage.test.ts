// Issue 10: PostgreSQL goes away while the API is busy. Known keys keep
// working from the verification cache (bounded staleness); everything that
// needs the database gets 503 with Retry-After, never a 500; the log says so
// once, not once per request; and all returns when the database does.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stopServices } from "@/lib/runtime/services";
import { acquireEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrator";
import { migrationsDir } from "@/lib/paths";
import { eventually, startAppServer, type AppServer } from "../support/app-server";
import { freePort } from "../support/free-port";

let PG_PORT: number;
const pgDir = path.join(mkdtempSync(path.join(tmpdir(), "keyward-outage-")), "postgres");
let database: EmbeddedPostgres;
let server: AppServer;
let known: string;
let unknown: string;

beforeAll(async () => {
  PG_PORT = await freePort();
  database = await acquireEmbeddedPostgres({ role: "test", dir: pgDir, port: PG_PORT });
  await applyMigrations(database.url, migrationsDir());
  process.env.DATABASE_URL = database.url;
  const { createOrganizationActor, issueKey } = await import("../support/factories");
  const { actor } = await createOrganizationActor("Outage");
  known = (await issueKey(actor, { name: "known", scopes: ["resources:read", "resources:write"] })).secret;
  unknown = (await issueKey(actor, { name: "never used" })).secret; // real, but never seen by the server
  server = await startAppServer({ databaseUrl: database.url });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await stopServices();
  const { getPrisma } = await import("@/lib/db/prisma");
  if (process.env.DATABASE_URL) await getPrisma().$disconnect();
  await database?.release();
});

async function call(key: string, init: RequestInit & { path?: string } = {}) {
  const response = await fetch(`${server.url}${init.path ?? "/api/v1/me"}`, { ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.text() };
}

describe("a database outage", () => {
  test("known keys are served, the rest get 503 + Retry-After, no 500, one log line; and it all comes back", async () => {
    for (let i = 0; i < 3; i++) expect((await call(known)).status).toBe(200);

    await database.release(); // PostgreSQL stops
    const answers = { known: [] as number[], unknown: [] as { status: number; retryAfter: string | null }[], write: [] as { status: number; retryAfter: string | null }[] };
    const until = Date.now() + 4_000;
    while (Date.now() < until) {
      answers.known.push((await call(known)).status);
      answers.unknown.push(await call(unknown));
      answers.write.push(await call(known, { method: "POST", path: "/api/v1/resources", body: JSON.stringify({ name: "n", type: "t" }) }));
    }
    expect(answers.known.every((status) => status === 200)).toBe(true);
    for (const answer of [...answers.unknown, ...answers.write]) {
      expect(answer.status).toBe(503);
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
    expect(server.output().match(/PostgreSQL is unreachable/g)).toHaveLength(1);
    expect(server.output()).not.toMatch(/internal_error|failed: /);

    database = await acquireEmbeddedPostgres({ role: "test", dir: pgDir, port: PG_PORT });
    await eventually(() => call(unknown).then((a) => a.status), (status) => status === 200, 20_000);
    expect((await call(known, { method: "POST", path: "/api/v1/resources", body: JSON.stringify({ name: "n", type: "t" }) })).status).toBe(201);
    expect(server.output()).toMatch(/PostgreSQL is back/);
  }, 60_000);
});
