// keyward_rate_limit_fallback_seconds_total: the time a real Redis connection
// spends with its circuit open (limits counted in memory). It grows while
// Redis is away and stops growing once it is back.
import { afterAll, expect, test } from "vitest";
import { RedisConnection } from "@/lib/redis/client";
import { eventually } from "../support/app-server";
import { freePort } from "../support/free-port";
import { OwnRedisServer, REDIS_SERVER_BINARY } from "../support/redis";

const redis = new OwnRedisServer(await freePort());
let connection: RedisConnection | undefined;

afterAll(async () => {
  await connection?.close();
  await redis.stop();
});

test.skipIf(!REDIS_SERVER_BINARY)("fallback time: none while Redis answers, growing while it is away, frozen once it is back", async () => {
  await redis.start();
  connection = new RedisConnection(redis.url, 1_000, () => {});
  expect(await connection.ready()).toBe(true);
  expect(connection.fallbackSeconds()).toBe(0);

  await redis.stop();
  await eventually(async () => connection!.health, (state) => state === "down", 10_000);
  const early = connection.fallbackSeconds();
  await eventually(async () => connection!.fallbackSeconds(), (seconds) => seconds > early, 10_000);

  await redis.start();
  await eventually(async () => connection!.health, (state) => state === "up", 10_000);
  const total = connection.fallbackSeconds();
  expect(total).toBeGreaterThan(0);
  // Back on Redis: the count no longer moves, whatever the clock does.
  expect(connection.fallbackSeconds(Date.now() + 3_600_000)).toBe(total);
});
