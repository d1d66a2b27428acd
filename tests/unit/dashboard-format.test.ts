import { describe, expect, test } from "vitest";
import { formatDateTime, relativeTime } from "@/lib/dashboard/format";

describe("formatDateTime", () => {
  test("is ISO-like, in UTC, to the minute", () => {
    expect(formatDateTime(new Date("2026-11-25T06:01:59.999Z"))).toBe("2026-11-25 06:01 UTC");
    expect(formatDateTime(new Date("2026-01-02T23:05:00+05:00"))).toBe("2026-01-02 18:05 UTC");
  });

  test("takes the ISO strings actions and audit metadata carry", () => {
    expect(formatDateTime("2026-03-04T00:00:00.000Z")).toBe("2026-03-04 00:00 UTC");
  });

  test("sorts as text in time order", () => {
    const dates = ["2026-11-25T06:01:00Z", "2026-02-01T10:00:00Z", "2025-12-31T23:59:00Z", "2026-11-25T16:00:00Z"].map((iso) => new Date(iso));
    const byText = dates.map((d) => formatDateTime(d)).sort();
    const byTime = [...dates].sort((a, b) => a.getTime() - b.getTime()).map((d) => formatDateTime(d));
    expect(byText).toEqual(byTime);
  });

  test("leaves something that is not a time as it is, rather than printing NaN", () => {
    expect(formatDateTime("soon")).toBe("soon");
  });
});

describe("relativeTime", () => {
  test("says how far away a time is", () => {
    const now = Date.parse("2026-11-25T06:00:00Z");
    expect(relativeTime(new Date(now + 5 * 86_400_000), now)).toBe("in 5 days");
    expect(relativeTime(new Date(now - 3 * 3_600_000), now)).toBe("3 hours ago");
    expect(relativeTime(new Date(now + 10_000), now)).toBe("now");
  });
});
