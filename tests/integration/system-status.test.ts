// The System page's figures (lib/observability/system-status.ts), read from a
// real PostgreSQL and the process's real services.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { keyVerificationReady } from "@/lib/api-keys/verify-api-key";
import { readSystemStatus } from "@/lib/observability/system-status";
import { services, stopServices } from "@/lib/runtime/services";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());

beforeAll(async () => {
  await keyVerificationReady();
  void services().usageRecorder;
});

describe("system status", () => {
  test("the database, its version and pool; the LISTEN connection; the usage buffer; versions", async () => {
    const status = await readSystemStatus();
    expect(status.health).toMatchObject({ status: "ok", database: "up" });
    expect(status.database.version).toMatch(/^\d+(\.\d+)?/);
    expect(status.database.pool).toMatchObject({ max: 10 });
    expect(status.listener).toBe("listening");
    expect(status.usageBuffer).toEqual({ bufferedRollups: 0, failedWrites: 0, droppedRequests: 0 });
    expect(status.versions.keyward).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
    expect(status.versions.node).toBe(process.version);
    expect(status.versions.next).toMatch(/^16\./);
  });

  test("the job queue: every queue's jobs, and that this process only queues them (the app server works them)", async () => {
    expect((await readSystemStatus()).jobs.queues, "no queue service in this process yet: nothing to read").toBeNull();
    await services().jobs.send("events", { id: `evt_${crypto.randomUUID()}`, type: "key.revoked", organizationId: crypto.randomUUID(), timestamp: new Date().toISOString(), data: {} });
    const status = await readSystemStatus();
    expect(status.jobs.working).toBe(false);
    expect(status.jobs.queues?.map((queue) => queue.queue).sort()).toEqual(["email.send", "events", "notices.digest", "notices.sweep", "webhooks.deliver"]);
    expect(status.jobs.queues?.find((queue) => queue.queue === "events")).toMatchObject({ waiting: 1, failed: 0 });
  });

  test("Redis: not configured without REDIS_URL, and limits counted in memory", async () => {
    const status = await readSystemStatus();
    if (services().redis) return expect(status.redis).toMatchObject({ configured: true });
    expect(status.redis).toEqual({ configured: false });
    expect(status.rateLimitBackend).toBe("memory");
  });

  test("a database that does not answer is reported down, with no version (the rest is still read)", async () => {
    await stopServices(["prisma"]);
    const url = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:1/nowhere";
    try {
      const status = await readSystemStatus();
      expect(status.health).toMatchObject({ status: "unavailable", database: "down" });
      expect(status.database.version).toBeNull();
    } finally {
      await stopServices(["prisma"]);
      process.env.DATABASE_URL = url;
    }
  });
});
