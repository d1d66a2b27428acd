import { describe, expect, test } from "vitest";
import { statusClass, UsageBuffer, type UsageEvent } from "@/lib/usage/usage-buffer";

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const event = (overrides: Partial<UsageEvent> = {}): UsageEvent => ({
  apiKeyId: "key-1",
  organizationId: "org-1",
  route: "GET /api/v1/me",
  status: 200,
  durationMs: 10,
  at: T0,
  ...overrides,
});

describe("statusClass", () => {
  test.each([
    [200, "2xx"],
    [204, "2xx"],
    [301, "3xx"],
    [401, "4xx"],
    [429, "429"],
    [500, "5xx"],
    [503, "5xx"],
  ])("%i → %s", (status, cls) => expect(statusClass(status)).toBe(cls));
});

describe("UsageBuffer", () => {
  test("adds requests up per key, minute, route and status class, with total and max duration", () => {
    const buffer = new UsageBuffer(100);
    buffer.record(event({ durationMs: 10 }));
    buffer.record(event({ durationMs: 30, at: T0 + 59_999 }));
    buffer.record(event({ at: T0 + 60_000 }));
    buffer.record(event({ status: 404 }));
    buffer.record(event({ status: 429 }));
    buffer.record(event({ apiKeyId: "key-2" }));
    const { rollups, lastUsed, dropped } = buffer.take();
    expect(dropped).toBe(0);
    expect(rollups).toHaveLength(5);
    expect(rollups.find((r) => r.apiKeyId === "key-1" && r.statusClass === "2xx" && r.bucketStart.getTime() === T0)).toMatchObject({
      count: 2,
      totalDurationMs: 40,
      maxDurationMs: 30,
    });
    expect(rollups.reduce((sum, r) => sum + r.count, 0)).toBe(6);
    expect(lastUsed.get("key-1")).toEqual(new Date(T0 + 60_000));
    expect(buffer.size).toBe(0);
  });

  test("is bounded: past the limit, new roll-ups are dropped and counted; existing ones still count", () => {
    const buffer = new UsageBuffer(2);
    expect(buffer.record(event({ route: "a" }))).toBe(true);
    expect(buffer.record(event({ route: "b" }))).toBe(true);
    expect(buffer.record(event({ route: "c" }))).toBe(false);
    expect(buffer.record(event({ route: "d" }))).toBe(false);
    expect(buffer.record(event({ route: "a" }))).toBe(true);
    const { rollups, dropped } = buffer.take();
    expect(dropped).toBe(2);
    expect(rollups.find((r) => r.route === "a")?.count).toBe(2);
  });

  test("a batch put back after a failed write merges with what arrived meanwhile", () => {
    const buffer = new UsageBuffer(100);
    buffer.record(event());
    buffer.record(event());
    const batch = buffer.take();
    buffer.record(event({ durationMs: 50 }));
    buffer.record(event({ route: "other" }));
    buffer.restore(batch);
    const { rollups } = buffer.take();
    expect(rollups.find((r) => r.route === "GET /api/v1/me")).toMatchObject({ count: 3, totalDurationMs: 70, maxDurationMs: 50 });
    expect(rollups.find((r) => r.route === "other")?.count).toBe(1);
  });

  test("putting a batch back never exceeds the bound; what does not fit is counted as dropped requests", () => {
    const buffer = new UsageBuffer(2);
    buffer.record(event({ route: "a" }));
    buffer.record(event({ route: "a" }));
    buffer.record(event({ route: "b" }));
    const batch = buffer.take();
    buffer.record(event({ route: "c" }));
    buffer.restore(batch);
    expect(buffer.size).toBe(2);
    const { rollups, dropped } = buffer.take();
    expect(dropped).toBe(2); // the two requests of route "a", the oldest roll-up
    expect(rollups.map((r) => r.route).sort()).toEqual(["b", "c"]);
  });
});
