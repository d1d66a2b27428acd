import { describe, expect, test } from "vitest";
import { bucketLabel, bucketName, bucketSizeFor, busiestBucket, MAX_TICKS, timeTicks } from "@/lib/usage/usage-chart-scale";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Bucket starts as the usage report makes them: `to` rounded up to a whole bucket, `from` one span earlier. */
function starts(spanMs: number, bucketMs: number, now = Date.parse("2026-11-25T06:01:00Z")) {
  const to = Math.ceil(now / bucketMs) * bucketMs;
  const out: string[] = [];
  for (let t = to - spanMs; t < to; t += bucketMs) out.push(new Date(t).toISOString());
  return out;
}

describe("bucketSizeFor", () => {
  test("24 h is hourly, 7 d six-hourly, 30 d daily", () => {
    expect(bucketSizeFor(DAY)).toBe(HOUR);
    expect(bucketSizeFor(7 * DAY)).toBe(6 * HOUR);
    expect(bucketSizeFor(30 * DAY)).toBe(DAY);
    expect([HOUR, 6 * HOUR, DAY].map(bucketName)).toEqual(["hour", "6 hours", "day"]);
  });

  test("never draws so many bars that a single busy hour is a sliver", () => {
    for (const span of [HOUR, 6 * HOUR, DAY, 3 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY]) expect(span / bucketSizeFor(span)).toBeLessThanOrEqual(31);
  });
});

describe("timeTicks", () => {
  test.each([
    ["24 hours", DAY],
    ["7 days", 7 * DAY],
    ["30 days", 30 * DAY],
  ])("over %s the labels are distinct, few, and in order", (_, span) => {
    for (const now of [Date.parse("2026-11-25T06:01:00Z"), Date.parse("2026-11-25T23:59:00Z"), Date.parse("2026-03-01T00:00:00Z")]) {
      const bucket = bucketSizeFor(span);
      const ticks = timeTicks(starts(span, bucket, now), bucket);
      const labels = ticks.map((t) => t.label);
      expect(new Set(labels).size).toBe(labels.length);
      expect(labels.length).toBeGreaterThanOrEqual(3);
      expect(labels.length).toBeLessThanOrEqual(MAX_TICKS);
      expect(ticks.map((t) => t.value)).toEqual([...ticks.map((t) => t.value)].sort());
    }
  });

  test("7 days are labelled by date once each, not four times", () => {
    const ticks = timeTicks(starts(7 * DAY, 6 * HOUR), 6 * HOUR);
    expect(ticks.map((t) => t.label)).toEqual(["19 Nov", "20 Nov", "21 Nov", "22 Nov", "23 Nov", "24 Nov", "25 Nov"]);
  });

  test("24 hours are labelled by hour, with midnight shown as the new date", () => {
    const labels = timeTicks(starts(DAY, HOUR), HOUR).map((t) => t.label);
    expect(labels).toEqual(["09:00", "12:00", "15:00", "18:00", "21:00", "25 Nov", "03:00", "06:00"]);
  });
});

describe("bucketLabel", () => {
  test("says which period a bar covers, in the dashboard's time format", () => {
    expect(bucketLabel("2026-11-18T06:00:00.000Z", 6 * HOUR)).toBe("2026-11-18 06:00–12:00 UTC");
    expect(bucketLabel("2026-11-18T23:00:00.000Z", HOUR)).toBe("2026-11-18 23:00–24:00 UTC");
    expect(bucketLabel("2026-11-18T00:00:00.000Z", DAY)).toBe("2026-11-18 (UTC)");
  });
});

describe("busiestBucket", () => {
  test("finds the one spike among empty hours", () => {
    const empty = { "2xx": 0, "3xx": 0, "4xx": 0, "429": 0, "5xx": 0 };
    const series = starts(DAY, HOUR).map((start, i) => ({ ...empty, start, ...(i === 17 ? { "2xx": 40, "429": 3 } : {}) }));
    expect(busiestBucket(series)).toEqual({ start: series[17]!.start, total: 43 });
    expect(busiestBucket(series.map((p) => ({ ...p, ...empty })))).toBeNull();
  });
});
