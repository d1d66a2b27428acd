import { describe, expect, test } from "vitest";
import { readdirSync } from "node:fs";
import path from "node:path";
import { safeReturnPath, signInPath } from "@/lib/auth/session";
import { DASHBOARD_SECTIONS } from "@/lib/auth/session-paths";
import { clientIpFrom } from "@/lib/http/client-ip";
import { slugify } from "@/lib/organizations/slug";

// Every encoding of "go to another host" we know of (issue 9: `/.//evil.example`,
// `/..//x` and `/%2e%2e//x` redirected off-site), each as the raw value and as
// the URL-decoded value a framework hands over.
const OFF_SITE = [
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "/\\\\evil.example",
  "\\\\evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/././/evil.example",
  "/%2e%2e//evil.example",
  "/%2E%2E//evil.example",
  "/%2e//evil.example",
  "/%2F%2Fevil.example",
  "/%2f/evil.example",
  "%2F%2Fevil.example",
  "/%252F%252Fevil.example",
  "/%5Cevil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/ /evil.example",
  "/keys/..//evil.example",
  "/keys/../..//evil.example",
  "/keys/%2e%2e/%2e%2e//evil.example",
  "/keys//evil.example",
  "/keys/\\evil.example",
  "https://evil.example/keys",
  "HTTPS://evil.example",
  "http:evil.example",
  "http:/evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,hi",
  "/keys@evil.example",
  "/keys:evil.example",
  "evil.example",
  "",
  "/",
  "/sign-in",
  "/api/auth/signout",
  "/keys/" + "a".repeat(3_000),
];

describe("safeReturnPath", () => {
  test.each(OFF_SITE.flatMap((value) => [value, safeDecode(value)]))("refuses %j", (input) => {
    expect(safeReturnPath(input)).toBe("/keys");
  });

  test.each([
    ["/settings", "/settings"],
    ["/keys?status=active", "/keys?status=active"],
    ["/keys/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "/keys/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"],
    ["/audit-log?actor=ada%40example.com", "/audit-log?actor=ada%40example.com"],
    ["/review?flag=no_expiry", "/review?flag=no_expiry"],
    ["/usage", "/usage"],
  ])("keeps the dashboard path %s", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  test("refuses what is not one string", () => {
    for (const value of [undefined, null, 42, {}, ["//evil.example", "/keys"]]) expect(safeReturnPath(value)).toBe("/keys");
    expect(safeReturnPath(["/settings", "//evil.example"])).toBe("/settings");
  });

  test("the allowlist is exactly the dashboard's sections on disk", () => {
    const sections = readdirSync(path.join("app", "(dashboard)"), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect([...DASHBOARD_SECTIONS].sort()).toEqual(sections.sort());
  });

  test("signInPath carries the return path", () => {
    expect(signInPath("/audit-log")).toBe("/sign-in?callbackUrl=%2Faudit-log");
  });
});

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

describe("clientIpFrom", () => {
  test("reads only the address Keyward's server resolved, never X-Forwarded-For", () => {
    expect(clientIpFrom(new Headers({ "x-keyward-client-ip": "198.51.100.7", "x-forwarded-for": "203.0.113.9" }))).toBe("198.51.100.7");
    expect(clientIpFrom({ "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.10" })).toBeNull();
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
