import { describe, expect, test } from "vitest";
import { EXPIRING_SOON_MS, keyStatus } from "@/lib/api-keys/key-view";
import { assertExpiryAllowed, type KeyPolicy } from "@/lib/api-keys/key-policy";
import { parseExpiry } from "@/lib/api-keys/schemas";
import { ValidationError } from "@/lib/errors";

const NOW = new Date("2026-03-10T12:00:00.000Z");
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe("parseExpiry", () => {
  test.each(["never", "NEVER", " Never "])("%j means the key never expires", (input) => {
    expect(parseExpiry(input, NOW)).toBeNull();
  });

  test.each([
    ["30d", 30 * DAY],
    ["1d", DAY],
    ["90d", 90 * DAY],
    ["12h", 12 * HOUR],
    ["1h", HOUR],
    [" 30D ", 30 * DAY],
    ["7 d", 7 * DAY],
  ])("%j is relative to now", (input, offset) => {
    expect(parseExpiry(input, NOW)).toEqual(at(offset));
  });

  test("a bare date means the end of that day, UTC", () => {
    expect(parseExpiry("2027-01-31", NOW)).toEqual(new Date("2027-01-31T23:59:59.999Z"));
    expect(parseExpiry(" 2027-01-31 ", NOW)).toEqual(new Date("2027-01-31T23:59:59.999Z"));
  });

  test("a timestamp is taken as written", () => {
    expect(parseExpiry("2027-01-31T10:00:00Z", NOW)).toEqual(new Date("2027-01-31T10:00:00.000Z"));
    expect(parseExpiry("2027-01-31T10:00:00.500+02:00", NOW)).toEqual(new Date("2027-01-31T08:00:00.500Z"));
  });

  test("defaults to the real clock", () => {
    const before = Date.now();
    const result = parseExpiry("1h")!.getTime();
    expect(result).toBeGreaterThanOrEqual(before + HOUR);
    expect(result).toBeLessThanOrEqual(Date.now() + HOUR);
  });

  test.each(["soon", "", "   ", "30 days", "1.5d", "3w", "1y", "-5d", "d", "30x", "2027-13-01", "next week"])(
    "%j is refused with a message that shows what to write",
    (input) => {
      expect(() => parseExpiry(input, NOW)).toThrow(
        `"${input}" is not an expiry: use never, 30d, 12h, a date like 2027-01-31, or a timestamp like 2027-01-31T10:00:00Z.`,
      );
    },
  );

  // V8's own parser would read "12" as 2001-12-01.
  test.each(["12", "May 5"])("%j (a forgotten unit / a year-less date) is refused, not read as a date in 2001", (input) => {
    expect(() => parseExpiry(input, NOW)).toThrow(/is not an expiry/);
  });

  // Date.UTC would roll "2027-02-31" over to 2027-03-03.
  test.each(["2027-02-31", "2027-04-31"])("the impossible date %j is refused, not rolled over", (input) => {
    expect(() => parseExpiry(input, NOW)).toThrow(/is not an expiry/);
  });
});

describe("assertExpiryAllowed", () => {
  const open: KeyPolicy = { maxKeyLifetimeDays: null, requireKeyExpiry: false };
  const mustExpire: KeyPolicy = { maxKeyLifetimeDays: null, requireKeyExpiry: true };
  const max90: KeyPolicy = { maxKeyLifetimeDays: 90, requireKeyExpiry: false };

  function fieldErrorOf(policy: KeyPolicy, expiresAt: Date | null): string[] {
    try {
      assertExpiryAllowed(policy, expiresAt, NOW);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const validation = error as ValidationError;
      expect(validation.status).toBe(400);
      expect(validation.code).toBe("validation_failed");
      expect(Object.keys(validation.fields)).toEqual(["expiresAt"]);
      expect(validation.details).toMatchObject({ fields: validation.fields });
      return validation.fields.expiresAt!;
    }
    throw new Error("expected a ValidationError");
  }

  test("without a policy, a key may never expire or expire at any future time", () => {
    expect(() => assertExpiryAllowed(open, null, NOW)).not.toThrow();
    expect(() => assertExpiryAllowed(open, at(1), NOW)).not.toThrow();
    expect(() => assertExpiryAllowed(open, at(10 * 365 * DAY), NOW)).not.toThrow();
  });

  test("an expiry now or in the past is refused", () => {
    expect(fieldErrorOf(open, NOW)).toEqual(["Choose an expiry in the future."]);
    expect(fieldErrorOf(open, at(-1))).toEqual(["Choose an expiry in the future."]);
    expect(fieldErrorOf(max90, at(-DAY))).toEqual(["Choose an expiry in the future."]);
    expect(fieldErrorOf(open, parseExpiry("2020-01-01", NOW))).toEqual(["Choose an expiry in the future."]);
  });

  test("requireKeyExpiry refuses a key that never expires", () => {
    expect(fieldErrorOf(mustExpire, null)).toEqual(["Your organization requires keys to expire."]);
    expect(() => assertExpiryAllowed(mustExpire, at(5 * 365 * DAY), NOW)).not.toThrow();
  });

  test("maxKeyLifetimeDays refuses a key that never expires, naming the limit", () => {
    expect(fieldErrorOf(max90, null)).toEqual(["Your organization requires keys to expire within 90 days."]);
    expect(fieldErrorOf({ maxKeyLifetimeDays: 30, requireKeyExpiry: true }, null)).toEqual([
      "Your organization requires keys to expire within 30 days.",
    ]);
  });

  test("maxKeyLifetimeDays allows up to the end of the limit's last day (UTC) and refuses beyond it", () => {
    expect(() => assertExpiryAllowed(max90, at(90 * DAY), NOW)).not.toThrow();
    expect(() => assertExpiryAllowed(max90, parseExpiry("90d", NOW), NOW)).not.toThrow();
    // NOW is 12:00 UTC: the date 90 days ahead is allowed until the end of that day, not a millisecond more.
    expect(() => assertExpiryAllowed(max90, parseExpiry("2026-06-08", NOW), NOW)).not.toThrow();
    expect(fieldErrorOf(max90, at(90 * DAY + 12 * HOUR))).toEqual(["Your organization allows keys to live at most 90 days."]);
    expect(fieldErrorOf(max90, parseExpiry("91d", NOW))).toEqual(["Your organization allows keys to live at most 90 days."]);
    expect(fieldErrorOf({ maxKeyLifetimeDays: 1, requireKeyExpiry: false }, parseExpiry("2d", NOW))).toEqual([
      "Your organization allows keys to live at most 1 day.",
    ]);
  });
});

describe("keyStatus", () => {
  const now = NOW.getTime();
  const key = (k: { revokedAt?: Date | null; expiresAt?: Date | null; successor?: unknown }) => ({
    revokedAt: null,
    expiresAt: null,
    successor: null,
    ...k,
  });

  test("the expiring-soon window is 7 days", () => {
    expect(EXPIRING_SOON_MS).toBe(7 * DAY);
  });

  test.each([
    ["never expires", "active", key({})],
    ["expires in 8 days", "active", key({ expiresAt: at(8 * DAY) })],
    ["expires in 7 days and 1 ms", "active", key({ expiresAt: at(7 * DAY + 1) })],
    ["expires in exactly 7 days", "expiring", key({ expiresAt: at(7 * DAY) })],
    ["expires in an hour", "expiring", key({ expiresAt: at(HOUR) })],
    ["expires in 1 ms", "expiring", key({ expiresAt: at(1) })],
    ["expires right now", "expired", key({ expiresAt: NOW })],
    ["expired yesterday", "expired", key({ expiresAt: at(-DAY) })],
    ["revoked", "revoked", key({ revokedAt: at(-HOUR) })],
    ["revoked and expired", "revoked", key({ revokedAt: at(-HOUR), expiresAt: at(-DAY) })],
    ["revoked after it expired", "revoked", key({ revokedAt: at(-HOUR), expiresAt: at(-2 * HOUR) })],
    ["revoked while rotating out", "revoked", key({ revokedAt: at(-HOUR), successor: { id: "s" }, expiresAt: at(HOUR) })],
    ["rotated, in its grace period", "rotating_out", key({ successor: { id: "s" }, expiresAt: at(HOUR) })],
    ["rotated, 7-day grace period", "rotating_out", key({ successor: { id: "s" }, expiresAt: at(7 * DAY) })],
    ["rotated, grace period over", "expired", key({ successor: { id: "s" }, expiresAt: at(-1) })],
  ])("%s → %s", (_, status, k) => {
    expect(keyStatus(k, now)).toBe(status);
  });

  test("uses the real clock by default", () => {
    expect(keyStatus(key({ expiresAt: new Date(Date.now() - 1000) }))).toBe("expired");
    expect(keyStatus(key({ expiresAt: new Date(Date.now() + 30 * DAY) }))).toBe("active");
  });
});
