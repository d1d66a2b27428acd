// Issue 10: SIGTERM under steady traffic. The server stops accepting, finishes
// what it accepted, writes the usage of every request it answered, and exits
// within the drain bound; and a client that trickles its body is cut off.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stopServices } from "@/lib/runtime/services";
import { getPrisma } from "@/lib/db/prisma";
import { startAppServer, type AppServer } from "../support/app-server";
import { createOrganizationActor, issueKey } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();
let secret: string;
let writer: string;
let keyId: string;

beforeAll(async () => {
  const { actor } = await createOrganizationActor("Drain");
  const issued = await issueKey(actor, { scopes: ["resources:read"] });
  [secret, keyId] = [issued.secret, issued.apiKey.id];
  writer = (await issueKey(actor, { name: "writer", scopes: ["resources:write"] })).secret;
  // Lots of headroom: this test is about the drain, not the limit.
  await getPrisma().apiKey.update({ where: { id: keyId }, data: { rateLimitPlan: "CUSTOM", rateLimitMax: 10_000_000, rateLimitWindowSeconds: 3600 } });
});
afterAll(() => stopServices());

describe("SIGTERM under load", () => {
  let server: AppServer;
  afterAll(() => server?.stop());

  test("every answered request is counted, no 5xx, and the process exits within the drain time", async () => {
    // A flush interval longer than the test: only the shutdown flush can write the usage.
    server = await startAppServer({ databaseUrl: db.url, env: { KEYWARD_USAGE_FLUSH_MS: "600000", KEYWARD_DRAIN_MS: "5000" } });
    const answered: number[] = [];
    let refused = 0;
    let stop = false;
    const worker = async () => {
      while (!stop) {
        try {
          const response = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
          answered.push(response.status);
          await response.arrayBuffer();
        } catch {
          refused++; // connection refused or closed: not accepted, so nothing to count
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    while (answered.length < 200) await new Promise((resolve) => setTimeout(resolve, 20));

    const signalledAt = Date.now();
    server.kill("SIGTERM");
    const code = await server.exited;
    const drainMs = Date.now() - signalledAt;
    await new Promise((resolve) => setTimeout(resolve, 200));
    stop = true;
    await Promise.all(workers);

    expect(code).toBe(143);
    // The bound, plus the flush and the exit, which a busy machine slows. Without the bound it would
    // not exit at all: the workers keep their connections busy until it does.
    expect(drainMs).toBeLessThan(5_000 + 10_000);
    expect(answered.filter((status) => status >= 500)).toEqual([]);
    expect(refused).toBeGreaterThan(0); // the load went on after the server stopped accepting
    const rows = await getPrisma().usageRollup.findMany({ where: { apiKeyId: keyId } });
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(answered.length);
    expect(server.output()).toMatch(/SIGTERM: no new connections/);
  });
});

describe("SIGTERM with a pre-stop delay (KEYWARD_DRAIN_DELAY_MS)", () => {
  test("health turns 503 first, while new connections are still served, then the server stops", async () => {
    const server = await startAppServer({ databaseUrl: db.url, env: { KEYWARD_DRAIN_DELAY_MS: "3000" } });
    try {
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      server.kill("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 300));
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: "draining" });
      expect(health.headers.get("retry-after")).not.toBeNull();
      // Still serving during the delay: requests in flight from the load balancer are not cut.
      expect((await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
      expect(await server.exited).toBe(143);
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe("slow clients", () => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startAppServer({ databaseUrl: db.url, env: { KEYWARD_REQUEST_TIMEOUT_MS: "2000", KEYWARD_HEADERS_TIMEOUT_MS: "1000" } });
  }, 120_000);
  afterAll(() => server?.stop());

  test("a body trickled a byte at a time is cut off at the request time-out", async () => {
    const started = Date.now();
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest(`${server.url}/api/v1/resources`, {
        method: "POST",
        headers: { authorization: `Bearer ${writer}`, "content-type": "application/json", "content-length": "1000" },
      });
      req.on("response", (res) => resolve(`status ${res.statusCode}`));
      req.on("error", () => resolve("closed"));
      const timer = setInterval(() => req.write("{"), 500);
      req.on("close", () => clearInterval(timer));
      setTimeout(() => resolve("still open after 15 s"), 15_000).unref();
    });
    expect(outcome).toMatch(/status 408|closed/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
