// Issue 10: 1,000 concurrent connections on database-backed routes, with a
// cold cache. Nothing that is the server's own overload is a 500: concurrent
// misses of one key share one query, and the excess is shed early with 503 +
// Retry-After.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Agent, request as httpRequest } from "node:http";
import { generateApiKey } from "@/lib/api-keys/key-format";
import { stopServices } from "@/lib/runtime/services";
import { getPrisma } from "@/lib/db/prisma";
import { startAppServer, type AppServer } from "../support/app-server";
import { createOrganizationActor, issueKey } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();
let server: AppServer;
let secret: string;
// One connection per request, all at once: 1,000 concurrent connections.
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

beforeAll(async () => {
  const { actor } = await createOrganizationActor("Overload");
  const issued = await issueKey(actor, { scopes: ["resources:read"] });
  secret = issued.secret;
  await getPrisma().apiKey.update({ where: { id: issued.apiKey.id }, data: { rateLimitPlan: "CUSTOM", rateLimitMax: 10_000_000, rateLimitWindowSeconds: 3600 } });
  // A small pool, so that 1,000 connections really contend for it.
  server = await startAppServer({ databaseUrl: db.url, env: { DATABASE_POOL_SIZE: "4" } });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  agent.destroy();
  await stopServices();
});

type Answer = { status: number; retryAfter: string | null; body: string };

function get(path: string, key: string): Promise<Answer> {
  return new Promise((resolve) => {
    const req = httpRequest(`${server.url}${path}`, { agent, headers: { authorization: `Bearer ${key}` } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, retryAfter: (res.headers["retry-after"] as string | undefined) ?? null, body }));
    });
    req.on("error", (error) => resolve({ status: 0, retryAfter: null, body: error.message }));
    req.end();
  });
}

async function burst(count: number, key: (i: number) => string, path: string) {
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => get(path, key(i))));
  const count5xx = answers.filter((a) => a.status >= 500 && a.status !== 503).length;
  const byStatus: Record<string, Answer[]> = {};
  for (const answer of answers) (byStatus[String(answer.status)] ??= []).push(answer);
  return { answers, count5xx, byStatus };
}

describe("1,000 concurrent connections", () => {
  test("one valid key, cold cache, a database-backed route: no 500, and every 503 says when to retry", async () => {
    const { answers, count5xx, byStatus } = await burst(1_000, () => secret, "/api/v1/resources");
    expect(count5xx).toBe(0);
    expect(answers.filter((a) => a.status === 0)).toEqual([]);
    for (const shed of byStatus["503"] ?? []) expect(Number(shed.retryAfter)).toBeGreaterThan(0);
    expect((byStatus["200"] ?? []).length).toBeGreaterThan(0);
    expect(server.output()).not.toMatch(/internal_error/);
  }, 120_000);

  test("1,000 made-up keys: 401 or 503, never 500", async () => {
    // Well-formed (valid checksum), so each one costs a database look-up.
    const keys = Array.from({ length: 1_000 }, () => generateApiKey("kw", "TEST"));
    const { count5xx, byStatus } = await burst(1_000, (i) => keys[i]!, "/api/v1/resources");
    expect(count5xx).toBe(0);
    expect(Object.keys(byStatus).sort()).toEqual(expect.arrayContaining(["401"]));
    for (const status of Object.keys(byStatus)) expect(["401", "503"]).toContain(status);
  }, 120_000);
});
