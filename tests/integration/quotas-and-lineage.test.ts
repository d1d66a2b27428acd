// Issue 9: limits and quotas that cannot be escaped. Through the real /api/v1
// handlers against a real PostgreSQL (and the machine's Redis where Redis is
// the subject): a monthly quota holds without Redis, across a restart and
// across Redis data loss; and a rotation chain shares one allowance.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as me from "@/app/api/v1/me/route";
import { rotateApiKey } from "@/lib/api-keys/change-api-key";
import { stopServices } from "@/lib/runtime/services";
import { getPrisma } from "@/lib/db/prisma";
import { MonthlyQuota } from "@/lib/rate-limit/monthly-quota";
import { lineageUsageSince } from "@/lib/usage/usage-queries";
import { usageRecorder } from "@/lib/usage/usage-recorder";
import { addMember, createOrganizationActor, issueKey, userActor } from "../support/factories";
import { redisAnswers, redisLabel, TEST_REDIS_URL } from "../support/redis";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());

function get(secret: string) {
  return me.GET(new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({}) as Promise<never> });
}

/** What a restarted process would have: no limiter or quota state in memory. */
function forgetLimiterState() {
  return stopServices(["rateLimiter", "monthlyQuota"]);
}

async function statuses(secrets: string[]) {
  const out: number[] = [];
  for (const secret of secrets) out.push((await get(secret)).status);
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let org: Awaited<ReturnType<typeof createOrganizationActor>>;
beforeAll(async () => {
  org = await createOrganizationActor("Quotas");
});

describe("monthly quota without Redis", () => {
  test("holds after the first millisecond (no 32-day timer that fires at once)", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    await getPrisma().apiKey.update({ where: { id: apiKey.id }, data: { monthlyQuota: 3 } });
    expect(await statuses([secret, secret, secret])).toEqual([200, 200, 200]);
    await sleep(20); // the old limiter's overflowed timer reset the count after 1 ms
    const refused = await get(secret);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: "quota_exceeded", quota: 3 });
  });

  test("survives a restart: the count resumes from the month's persisted usage", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    await getPrisma().apiKey.update({ where: { id: apiKey.id }, data: { monthlyQuota: 5 } });
    expect(await statuses([secret, secret, secret])).toEqual([200, 200, 200]);
    await usageRecorder().flush();
    await forgetLimiterState();
    expect(await statuses([secret, secret, secret])).toEqual([200, 200, 429]);
  });

  test("concurrent first requests after a restart share one seed and admit exactly the rest of the quota", async () => {
    const { apiKey, secret } = await issueKey(org.actor);
    await getPrisma().apiKey.update({ where: { id: apiKey.id }, data: { monthlyQuota: 10 } });
    expect(await statuses([secret, secret, secret, secret])).toEqual([200, 200, 200, 200]);
    await usageRecorder().flush();
    await forgetLimiterState();
    const burst = await Promise.all(Array.from({ length: 12 }, () => get(secret).then((r) => r.status)));
    expect(burst.filter((s) => s === 200)).toHaveLength(6);
  });
});

describe("a rotation chain shares one allowance", () => {
  test("rotating A→B→C and using every secret in its grace period does not buy a fresh rate limit", async () => {
    const { actor: member } = await memberOf(org.organization.id);
    const a = await issueKey(member, { name: "chain-rl", environment: "TEST", scopes: ["resources:read"] });
    await getPrisma().apiKey.update({ where: { id: a.apiKey.id }, data: { rateLimitPlan: "CUSTOM", rateLimitMax: 4, rateLimitWindowSeconds: 60 } });
    expect(await statuses([a.secret, a.secret])).toEqual([200, 200]);
    const b = await rotateApiKey(member, a.apiKey.id, "1h");
    const c = await rotateApiKey(member, b.apiKey.id, "1h");
    expect(await statuses([b.secret, c.secret, a.secret, b.secret, c.secret])).toEqual([200, 200, 429, 429, 429]);
  });

  test("and not a fresh monthly quota", async () => {
    const a = await issueKey(org.actor, { name: "chain-quota" });
    await getPrisma().apiKey.update({ where: { id: a.apiKey.id }, data: { monthlyQuota: 3 } });
    expect(await statuses([a.secret, a.secret])).toEqual([200, 200]);
    const b = await rotateApiKey(org.actor, a.apiKey.id, "1h");
    expect(await statuses([b.secret, a.secret, b.secret])).toEqual([200, 429, 429]);
    // And after a restart, the persisted usage of the whole chain counts.
    await usageRecorder().flush();
    await forgetLimiterState();
    expect(await statuses([b.secret])).toEqual([429]);
  });

  test("every key of a chain has the first key's lineage", async () => {
    const a = await issueKey(org.actor, { name: "chain-ids" });
    const b = await rotateApiKey(org.actor, a.apiKey.id, "immediately");
    const c = await rotateApiKey(org.actor, b.apiKey.id, "immediately");
    const other = await issueKey(org.actor, { name: "unrelated" });
    const rows = await getPrisma().apiKey.findMany({ where: { id: { in: [a.apiKey.id, b.apiKey.id, c.apiKey.id, other.apiKey.id] } }, select: { id: true, lineageId: true } });
    const lineage = (id: string) => rows.find((r) => r.id === id)!.lineageId;
    expect(lineage(b.apiKey.id)).toBe(lineage(a.apiKey.id));
    expect(lineage(c.apiKey.id)).toBe(lineage(a.apiKey.id));
    expect(lineage(other.apiKey.id)).not.toBe(lineage(a.apiKey.id));
  });
});

const sharedRedis = await redisAnswers(TEST_REDIS_URL);
describe.skipIf(!sharedRedis)(`monthly quota in Redis ${redisLabel(sharedRedis)}`, () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 0 });
  });
  afterAll(() => redis.disconnect());

  test("when Redis loses the counter, it is rebuilt from PostgreSQL, not reset", async () => {
    const { apiKey, secret } = await issueKey(org.actor, { name: "redis-quota" });
    const { lineageId } = await getPrisma().apiKey.findUniqueOrThrow({ where: { id: apiKey.id }, select: { lineageId: true } });
    await redis.del(...(await redis.keys(`kw:quota:${lineageId}:*`)), "kw:none");
    const quota = new MonthlyQuota(redis, lineageUsageSince);
    // Three requests served and persisted (as the usage recorder does).
    for (let i = 0; i < 3; i++) expect((await quota.consume(lineageId, 5)).allowed).toBe(true);
    expect(await statuses([secret, secret, secret])).toEqual([200, 200, 200]);
    await usageRecorder().flush();
    // Redis restarts empty (or evicts the key): the next request seeds from the 3 persisted.
    await redis.del(...(await redis.keys(`kw:quota:${lineageId}:*`)));
    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push((await quota.consume(lineageId, 5)).allowed);
    expect(decisions).toEqual([true, true, false]);
  });

  test("two instances share one counter, and a burst admits exactly the quota", async () => {
    const { apiKey } = await issueKey(org.actor, { name: "redis-burst" });
    const { lineageId } = await getPrisma().apiKey.findUniqueOrThrow({ where: { id: apiKey.id }, select: { lineageId: true } });
    const other = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 0 });
    try {
      const [one, two] = [new MonthlyQuota(redis, lineageUsageSince), new MonthlyQuota(other, lineageUsageSince)];
      const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).consume(lineageId, 7)));
      expect(burst.filter((d) => d.allowed)).toHaveLength(7);
    } finally {
      other.disconnect();
    }
  });
});

async function memberOf(organizationId: string) {
  const user = await addMember(organizationId, "MEMBER");
  return { user, actor: userActor(user, organizationId, "MEMBER") };
}
