// Issue 10: a Redis that hangs (stopped with SIGSTOP, its socket still open).
// Every Redis command has a deadline; past it the in-memory fallback answers,
// /api/health says "degraded", and the log says so once.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stopServices } from "@/lib/runtime/services";
import { eventually, startAppServer, type AppServer } from "../support/app-server";
import { createOrganizationActor, issueKey } from "../support/factories";
import { OwnRedisServer, REDIS_SERVER_BINARY } from "../support/redis";
import { useTestDatabase } from "../support/test-database";
import { freePort } from "../support/free-port";

const db = await useTestDatabase();
let redis: OwnRedisServer;
let server: AppServer;
let secret: string;

beforeAll(async () => {
  if (!REDIS_SERVER_BINARY) return;
  redis = new OwnRedisServer(await freePort());
  await redis.start();
  const { actor } = await createOrganizationActor("RedisFaults");
  secret = (await issueKey(actor, { scopes: ["resources:read"] })).secret;
  server = await startAppServer({ databaseUrl: db.url, env: { REDIS_URL: redis.url } });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await redis?.stop();
  await stopServices();
});

async function health() {
  return (await fetch(`${server.url}/api/health`)).json() as Promise<{ status: string; redis?: string }>;
}

describe.skipIf(!REDIS_SERVER_BINARY)("a Redis that hangs", () => {
  test("valid keys are answered from the in-memory fallback, health says degraded, one log line; and all is shared again when it is back", async () => {
    expect(await eventually(health, (h) => h.redis === "up", 10_000)).toMatchObject({ status: "ok", redis: "up" });
    expect((await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);

    redis.pause();
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` }, signal: AbortSignal.timeout(5_000) });
      statuses.push(response.status);
      expect(response.headers.get("x-ratelimit-limit")).not.toBeNull(); // still limited, by the fallback
    }
    // Without a deadline each request waited for the hang to end (here: forever).
    expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await eventually(health, (h) => h.redis === "degraded", 10_000)).toMatchObject({ status: "ok", redis: "degraded" });
    expect(server.output().match(/Redis not answering/g)).toHaveLength(1);

    redis.resume();
    expect(await eventually(health, (h) => h.redis === "up", 10_000)).toMatchObject({ redis: "up" });
    expect(server.output()).toMatch(/Redis is back/);
  });
});
