import { describe, expect, test } from "vitest";
import { safeReturnPath, signInPath } from "@/lib/auth/session";
import { clientIpFrom } from "@/lib/http/client-ip";
import { slugify } from "@/lib/organizations/slug";

describe("safeReturnPath", () => {
  test.each([
    ["/settings", "/settings"],
    ["/keys?status=active", "/keys?status=active"],
    ["https://evil.example/", "/keys"],
    ["//evil.example/", "/keys"],
    ["/\\evil.example", "/keys"],
    ["javascript:alert(1)", "/keys"],
    // Browsers strip tabs and newlines, which would turn these into "//evil.example/".
    ["/\t/evil.example/", "/keys"],
    ["/\n/evil.example/", "/keys"],
    ["/%09/evil.example/", "/%09/evil.example/"],
    ["/keys/../settings#members", "/settings#members"],
    [undefined, "/keys"],
  ])("%s → %s", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  test("signInPath carries the return path", () => {
    expect(signInPath("/audit-log")).toBe("/sign-in?callbackUrl=%2Faudit-log");
  });
});

describe("clientIpFrom", () => {
  test("takes the first X-Forwarded-For address and unwraps IPv4-mapped IPv6", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "::ffff:198.51.100.7, 10.0.0.1" }))).toBe("198.51.100.7");
    expect(clientIpFrom({ "x-real-ip": "198.51.100.8" })).toBe("198.51.100.8");
    expect(clientIpFrom({})).toBeNull();
  });
});

describe("slugify", () => {
  test.each([
    ["Acme, Inc.", "acme-inc"],
    ["Crème Brûlée Co", "creme-brulee-co"],
    ["   ", "org"],
    ["日本", "org"],
  ])("%s → %s", (input, expected) => expect(slugify(input)).toBe(expected));
});
