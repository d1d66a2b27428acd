// Two `next start` instances on one PostgreSQL and one Redis, as behind a load
// balancer: a key's limit is shared, a revoke reaches both, and the usage from
// both adds up exactly.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { revokeApiKey } from "@/lib/api-keys/change-api-key";
import { changeCredits } from "@/lib/credits/manage-credits";
import { stopServices } from "@/lib/runtime/services";
import { getPrisma } from "@/lib/db/prisma";
import { startAppServer, type AppServer } from "../support/app-server";
import { createOrganizationActor, issueKey } from "../support/factories";
import { callMe as me, msUntilRefusedEverywhere, usageRowsAfterStopping } from "../support/instances";
import { redisAnswers, redisLabel, TEST_REDIS_URL } from "../support/redis";
import { useTestDatabase } from "../support/test-database";

const redis = await redisAnswers(TEST_REDIS_URL);
if (!redis) console.warn(`[tests] Skipping the two-instance tests: no Redis answers at ${TEST_REDIS_URL}.`);

describe.skipIf(!redis)(`two app instances behind a load balancer ${redisLabel(redis)}`, () => {
  let db: Awaited<ReturnType<typeof useTestDatabase>>;
  let servers: AppServer[] = [];
  let org: Awaited<ReturnType<typeof createOrganizationActor>>;

  beforeAll(async () => {
    db = await useTestDatabase();
    // Each run gets fresh Redis keys: a key id is new every run anyway.
    servers = await Promise.all(
      [1, 2].map(() => startAppServer({ databaseUrl: db.url, env: {
          REDIS_URL: TEST_REDIS_URL,
          KEYWARD_USAGE_FLUSH_MS: "600000",
          // This file is about sharing through Redis: a generous deadline, so that a busy machine
          // cannot trip the fallback mid-test (the deadline itself: redis-faults.test.ts).
          KEYWARD_REDIS_TIMEOUT_MS: "2000",
        } })),
    );
    org = await createOrganizationActor("Fleet");
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await stopServices();
  });

  test("prepaid credits are shared: 40 concurrent requests over both on 10 credits, exactly 10 served; a top-up reaches both", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    await getPrisma().apiKey.update({ where: { id: apiKey.id }, data: { rateLimitPlan: "CUSTOM", rateLimitMax: 100_000, rateLimitWindowSeconds: 60 } });
    // Both instances know (and cache) the key before it is metered: the top-up must reach their caches.
    for (const server of servers) expect((await me(server, secret)).headers.has("x-credits-remaining")).toBe(false);
    await changeCredits(org.actor, apiKey.id, { action: "add", amount: 10 });
    // The change notification reaches both, as a revoke does: poll until each charges (each such poll costs 1).
    let spent = 0;
    for (const server of servers) {
      await expect.poll(async () => {
        const response = await me(server, secret);
        if (response.headers.has("x-credits-remaining")) spent++;
        return response.headers.has("x-credits-remaining");
      }, { timeout: 10_000 }).toBe(true);
    }
    const statuses = await Promise.all(Array.from({ length: 40 }, async (_, i) => (await me(servers[i % 2]!, secret)).status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(10 - spent);
    expect(statuses.filter((s) => s === 402)).toHaveLength(30 + spent);
    // A top-up is a balance in PostgreSQL: both spend it at once.
    await changeCredits(org.actor, apiKey.id, { action: "add", amount: 2 });
    const after = [];
    for (const server of [...servers, ...servers]) after.push((await me(server, secret)).status);
    expect(after).toEqual([200, 200, 402, 402]);
  });

  test("a key's limit is shared: 10 requests spread over both, then both refuse", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    await getPrisma().apiKey.update({ where: { id: apiKey.id }, data: { rateLimitPlan: "CUSTOM", rateLimitMax: 10, rateLimitWindowSeconds: 60 } });
    const allowed: number[] = [];
    for (let i = 0; i < 10; i++) allowed.push((await me(servers[i % 2]!, secret)).status);
    expect(allowed).toEqual(Array(10).fill(200));
    for (const server of servers) {
      const refused = await me(server, secret);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    }
  });

  test("a burst of 2N concurrent requests across both admits exactly N", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    await getPrisma().apiKey.update({ where: { id: apiKey.id }, data: { rateLimitPlan: "CUSTOM", rateLimitMax: 15, rateLimitWindowSeconds: 60 } });
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => me(servers[i % 2]!, secret).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(15);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  test("a revoke is refused by both, though both had the key cached", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    for (const server of servers) expect((await me(server, secret)).status).toBe(200);
    const ms = await msUntilRefusedEverywhere(servers, secret, () => revokeApiKey(org.actor, apiKey.id));
    console.log(`[multi-instance] revoke refused by both instances after ${ms} ms`);
  });

  test("usage from both instances adds up exactly in the roll-ups", async () => {
    // The flush interval is long in this test: stopping the instances is what writes the usage.
    const { rows, total } = await usageRowsAfterStopping(servers, () => issueKey(org.actor), [13, 8]);
    expect(total).toBe(21);
    expect(rows.every((row) => row.route === "GET /api/v1/me" && row.statusClass === "2xx")).toBe(true);
  });
});
