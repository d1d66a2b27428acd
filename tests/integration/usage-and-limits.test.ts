// Usage metering and rate limits through the real /api/v1 handlers, against a
// real PostgreSQL, with the in-memory limiter (no REDIS_URL in this process).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as me from "@/app/api/v1/me/route";
import * as collection from "@/app/api/v1/resources/route";
import * as usage from "@/app/api/v1/usage/route";
import { stopServices } from "@/lib/runtime/services";
import { getPrisma } from "@/lib/db/prisma";
import { compactUsage } from "@/lib/usage/compact-usage";
import { usageRecorder } from "@/lib/usage/usage-recorder";
import { setApiKeyRateLimit } from "@/lib/api-keys/change-api-key";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { callRoute, type CallInit, type Handler } from "../support/api-call";
import { addMember, createOrganizationActor, issueKey, userActor } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());


function call(handler: Handler, key: string, init: Omit<CallInit, "key"> = {}) {
  return callRoute(handler, { ...init, key });
}

let org: Awaited<ReturnType<typeof createOrganizationActor>>;
beforeAll(async () => {
  org = await createOrganizationActor("Usage");
});

async function setLimit(keyId: string, data: { rateLimitPlan?: "CUSTOM" | "PRO" | "STANDARD"; rateLimitMax?: number; rateLimitWindowSeconds?: number; monthlyQuota?: number }) {
  // Keys are made with their plan by the CLI; here the row is set directly, before the key is first used (so it is not cached yet).
  await getPrisma().apiKey.update({ where: { id: keyId }, data });
}

describe("usage", () => {
  test("every request is counted exactly once after a flush, by route and status class, and last use is kept", async () => {
    const { apiKey, secret } = await issueKey(org.actor, { scopes: ["resources:read", "usage:read"] });
    for (let i = 0; i < 7; i++) expect((await call(me.GET, secret)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await call(collection.POST, secret, { method: "POST", path: "/api/v1/resources", body: { name: "x", type: "y" } })).status).toBe(403);
    await usageRecorder().flush();

    const rows = await getPrisma().usageRollup.findMany({ where: { apiKeyId: apiKey.id } });
    const count = (route: string, cls: string) => rows.filter((r) => r.route === route && r.statusClass === cls).reduce((sum, r) => sum + r.count, 0);
    expect(count("GET /api/v1/me", "2xx")).toBe(7);
    expect(count("POST /api/v1/resources", "4xx")).toBe(3);
    expect(rows.every((r) => r.organizationId === org.organization.id && r.granularity === "MINUTE")).toBe(true);
    expect(rows.every((r) => r.maxDurationMs >= r.totalDurationMs / r.count)).toBe(true);
    const key = await getPrisma().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(Date.now() - key.lastUsedAt!.getTime()).toBeLessThan(2 * 60_000);

    // Flushing again adds nothing; new requests add to the same minute's row.
    await usageRecorder().flush();
    await call(me.GET, secret);
    await usageRecorder().flush();
    const after = await getPrisma().usageRollup.findMany({ where: { apiKeyId: apiKey.id, route: "GET /api/v1/me" } });
    expect(after.reduce((sum, r) => sum + r.count, 0)).toBe(8);
  });

  test("GET /api/v1/usage reports the key's own usage, stacked by status class", async () => {
    const { secret } = await issueKey(org.actor, { scopes: ["resources:read", "usage:read"] });
    const other = await issueKey(org.actor, { scopes: ["resources:read", "usage:read"] });
    for (let i = 0; i < 4; i++) await call(me.GET, secret);
    await call(me.GET, other.secret);
    await usageRecorder().flush();

    const response = await call(usage.GET, secret, { path: "/api/v1/usage?range=24h" });
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ range: "24h", total: 4, byStatus: { "2xx": 4 }, topRoutes: [{ route: "GET /api/v1/me", count: 4 }] });
    expect(body.series).toHaveLength(24);
    expect(body.series.reduce((sum: number, p: { "2xx": number }) => sum + p["2xx"], 0)).toBe(4);
    expect(body.p50LatencyMs).toBeGreaterThan(0);
    expect(body.rateLimit).toEqual({ plan: "standard", limit: 1000, windowSeconds: 3600, monthlyQuota: null });

    expect((await call(usage.GET, secret, { path: "/api/v1/usage?range=1y" })).status).toBe(400);
    const noUsageScope = (await issueKey(org.actor, { scopes: ["resources:read"] })).secret;
    expect((await call(usage.GET, noUsageScope, { path: "/api/v1/usage" })).status).toBe(403);
  });

  test("minute roll-ups older than 7 days are folded into hours, with the same totals", async () => {
    const { apiKey } = await issueKey(org.actor);
    const old = Date.UTC(2026, 0, 5, 10, 0, 0);
    const rows = [0, 1, 2, 59].map((minute) => ({
      organizationId: org.organization.id,
      apiKeyId: apiKey.id,
      granularity: "MINUTE" as const,
      bucketStart: new Date(old + minute * 60_000),
      route: "GET /api/v1/me",
      statusClass: "2xx",
      count: 10,
      totalDurationMs: 100,
      maxDurationMs: minute + 1,
    }));
    await getPrisma().usageRollup.createMany({ data: rows });
    expect(await compactUsage(old + 8 * 86_400_000)).toBeGreaterThanOrEqual(4);
    const after = await getPrisma().usageRollup.findMany({ where: { apiKeyId: apiKey.id } });
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ granularity: "HOUR", bucketStart: new Date(old), count: 40, totalDurationMs: 400, maxDurationMs: 60 });
  });
});

describe("rate limits", () => {
  test("every response carries the limit headers; past the limit it is a 429 with Retry-After", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    await setLimit(apiKey.id, { rateLimitPlan: "CUSTOM", rateLimitMax: 3, rateLimitWindowSeconds: 60 });
    const before = Math.floor(Date.now() / 1000);
    for (let remaining = 2; remaining >= 0; remaining--) {
      const response = await call(me.GET, secret);
      expect(response.status).toBe(200);
      expect(response.headers.get("x-ratelimit-limit")).toBe("3");
      expect(response.headers.get("x-ratelimit-remaining")).toBe(String(remaining));
      const reset = Number(response.headers.get("x-ratelimit-reset"));
      expect(reset).toBeGreaterThanOrEqual(before + 59);
      expect(reset).toBeLessThanOrEqual(before + 61);
      expect(response.headers.get("ratelimit-policy")).toBe('"key";q=3;w=60');
      expect(response.headers.get("ratelimit")).toMatch(new RegExp(`^"key";r=${remaining};t=(59|60)$`));
    }
    const refused = await call(me.GET, secret);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(await refused.json()).toMatchObject({ error: "Too Many Requests.", code: "rate_limited" });
    // Errors after the key is known (here a 403) carry the headers too.
    const forbidden = await call(collection.POST, secret, { method: "POST", path: "/api/v1/resources", body: {} });
    expect(forbidden.headers.get("x-ratelimit-limit")).toBe("3");
  });

  test("a burst of 2N concurrent requests admits exactly N", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    await setLimit(apiKey.id, { rateLimitPlan: "CUSTOM", rateLimitMax: 10, rateLimitWindowSeconds: 60 });
    const statuses = await Promise.all(Array.from({ length: 20 }, () => call(me.GET, secret).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  test("switching headers, or the case and spacing of the scheme, does not get around the limit", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    await setLimit(apiKey.id, { rateLimitPlan: "CUSTOM", rateLimitMax: 4, rateLimitWindowSeconds: 60 });
    const variants: Record<string, string>[] = [{ authorization: `Bearer ${secret}` }, { "x-api-key": secret }, { authorization: `bearer   ${secret}  ` }, { "x-api-key": ` ${secret} ` }, { authorization: `BEARER ${secret}` }];
    const statuses: number[] = [];
    for (const headers of variants) {
      const request = new Request("http://localhost/api/v1/me", { headers });
      statuses.push((await me.GET(request, { params: Promise.resolve({}) as Promise<never> })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  test("an admin's plan change applies at once to a key already in use; members may not change plans", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    expect((await call(me.GET, secret)).headers.get("x-ratelimit-limit")).toBe("1000");
    await setApiKeyRateLimit(org.actor, apiKey.id, { plan: "CUSTOM", limit: 50, window: "1m" });
    const after = await call(me.GET, secret);
    expect(after.headers.get("x-ratelimit-limit")).toBe("50");
    expect(after.headers.get("ratelimit-policy")).toBe('"key";q=50;w=60');

    const member = userActor(await addMember(org.organization.id, "MEMBER"), org.organization.id, "MEMBER");
    await expect(setApiKeyRateLimit(member, apiKey.id, { plan: "PRO" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(issueKey(member, { rateLimit: { plan: "PRO" } })).rejects.toBeInstanceOf(ValidationError);
    const events = await getPrisma().auditEvent.findMany({ where: { targetId: apiKey.id, action: "api_key.rate_limit_changed" } });
    expect(events).toHaveLength(1);
  });

  test("standard and pro plans have their limits", async () => {
    const standard = await issueKey(org.actor);
    const pro = await issueKey(org.actor);
    await setLimit(pro.apiKey.id, { rateLimitPlan: "PRO" });
    expect((await call(me.GET, standard.secret)).headers.get("x-ratelimit-limit")).toBe("1000");
    expect((await call(me.GET, pro.secret)).headers.get("x-ratelimit-limit")).toBe("10000");
  });

  test("a used-up monthly quota is a 429 quota_exceeded with the reset date", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    await setLimit(apiKey.id, { monthlyQuota: 2 });
    expect((await call(me.GET, secret)).status).toBe(200);
    expect((await call(me.GET, secret)).status).toBe(200);
    const refused = await call(me.GET, secret);
    const now = new Date();
    const firstOfNextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: "quota_exceeded", quota: 2, resetsAt: firstOfNextMonth });
  });
});
