// The Redis backend of the rate limiter: shared counts across instances, and
// the per-instance fallback while Redis is down.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, test } from "vitest";
import { InstanceRegistry } from "@/lib/rate-limit/instance-registry";
import { KeyRateLimiter } from "@/lib/rate-limit/rate-limiter";
import { OwnRedisServer, REDIS_SERVER_BINARY, redisAnswers, redisLabel, TEST_REDIS_URL } from "../support/redis";
import { freePort } from "../support/free-port";

const sharedRedis = await redisAnswers(TEST_REDIS_URL);
if (!sharedRedis) console.warn(`[tests] Skipping the shared-Redis rate-limit tests: no Redis answers at ${TEST_REDIS_URL}.`);

const clients: Redis[] = [];
function client(url: string) {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => 100 });
  redis.on("error", () => {});
  clients.push(redis);
  return redis;
}
async function ready(redis: Redis) {
  while (redis.status !== "ready") await new Promise((resolve) => setTimeout(resolve, 20));
}
afterAll(() => {
  for (const redis of clients) redis.disconnect();
});

describe.skipIf(!sharedRedis)(`two instances share one key's limit ${redisLabel(sharedRedis)}`, () => {
  test("requests on either instance count against the same allowance, and a burst admits exactly the limit", async () => {
    const [a, b] = [client(TEST_REDIS_URL), client(TEST_REDIS_URL)];
    await Promise.all([ready(a), ready(b)]);
    const instanceA = new KeyRateLimiter(a);
    const instanceB = new KeyRateLimiter(b);
    const policy = { limit: 5, windowSeconds: 60 };
    const keyId = randomUUID();
    const sequence = [];
    for (const limiter of [instanceA, instanceB, instanceA, instanceB, instanceA, instanceB]) sequence.push((await limiter.consume(keyId, policy)).allowed);
    expect(sequence).toEqual([true, true, true, true, true, false]);

    const burstKey = randomUUID();
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? instanceA : instanceB).consume(burstKey, { limit: 10, windowSeconds: 60 })));
    expect(burst.filter((d) => d.allowed)).toHaveLength(10);
  });
});

describe.skipIf(!REDIS_SERVER_BINARY)(`Redis going down and coming back ${REDIS_SERVER_BINARY ? "" : "(skipped: redis-server is not installed)"}`, () => {
  test("falls back to this instance's memory without failing a request, and returns to Redis by itself", async () => {
    const server = new OwnRedisServer(await freePort());
    await server.start();
    try {
      const redis = client(server.url);
      await ready(redis);
      const limiter = new KeyRateLimiter(redis);
      const policy = { limit: 100, windowSeconds: 60 };
      const keyId = randomUUID();
      expect((await limiter.consume(keyId, policy)).remaining).toBe(99);

      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Redis is gone: still answers, from memory, never throws.
      const during = await Promise.all(Array.from({ length: 5 }, () => limiter.consume(keyId, policy)));
      expect(during.every((d) => d.allowed)).toBe(true);

      await server.start();
      await ready(redis);
      // Back on Redis (a fresh Redis: its count starts again), seen by a second instance too.
      const back = await limiter.consume(keyId, policy);
      expect(back.allowed).toBe(true);
      const otherClient = client(server.url);
      await ready(otherClient);
      const other = new KeyRateLimiter(otherClient);
      const seenElsewhere = await other.consume(keyId, policy);
      expect(seenElsewhere.remaining).toBe(back.remaining - 1);
    } finally {
      await server.stop();
    }
  });
});

describe.skipIf(!REDIS_SERVER_BINARY)(`several instances falling back at once ${REDIS_SERVER_BINARY ? "" : "(skipped: redis-server is not installed)"}`, () => {
  test("share the limit: each falls back to limit / instances seen, so together they admit the limit, not a multiple of it", async () => {
    const server = new OwnRedisServer(await freePort());
    await server.start();
    try {
      const instances = [0, 1, 2].map(() => {
        const redis = client(server.url);
        const registry = new InstanceRegistry(redis);
        return { redis, registry, limiter: new KeyRateLimiter(redis, { registry }) };
      });
      for (const { redis } of instances) await ready(redis);
      for (const { registry } of instances) await registry.beat();
      for (const { registry } of instances) await registry.beat();
      expect(instances.map(({ registry }) => registry.count)).toEqual([3, 3, 3]);

      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const policy = { limit: 30, windowSeconds: 60 };
      const keyId = randomUUID();
      let allowed = 0;
      for (let i = 0; i < 60; i++) if ((await instances[i % 3]!.limiter.consume(keyId, policy)).allowed) allowed++;
      expect(allowed).toBe(30);
      const decision = await instances[0]!.limiter.consume(keyId, policy);
      expect(decision.limit).toBe(10); // the headers say what this instance admits now
    } finally {
      await server.stop();
    }
  });
});
