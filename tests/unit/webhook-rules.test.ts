// Webhooks' pure rules: which URLs an endpoint may have, and the retry schedule.
import { describe, expect, test } from "vitest";
import { serverEnv } from "@/lib/env";
import { isPrivateAddress, webhookUrlProblem } from "@/lib/webhooks/endpoint-url";
import { retryDelayMs, scheduleSpanMs } from "@/lib/webhooks/retry-schedule";

describe("endpoint URLs", () => {
  test("by default only https to public hosts", () => {
    expect(webhookUrlProblem("https://hooks.example.com/keyward", false)).toBeNull();
    for (const url of ["http://hooks.example.com/x", "https://127.0.0.1/x", "https://localhost/x", "https://10.1.2.3/x", "https://[::1]/x", "https://169.254.169.254/latest", "https://[::ffff:127.0.0.1]/x", "https://192.168.0.10/x"]) {
      expect(webhookUrlProblem(url, false), url).not.toBeNull();
    }
  });

  test("with private URLs allowed, http and internal hosts too; never credentials or other schemes", () => {
    expect(webhookUrlProblem("http://127.0.0.1:8080/hooks", true)).toBeNull();
    expect(webhookUrlProblem("http://receiver.internal/hooks", true)).toBeNull();
    expect(webhookUrlProblem("file:///etc/passwd", true)).not.toBeNull();
    expect(webhookUrlProblem("https://a:b@example.com/", true)).not.toBeNull();
    expect(webhookUrlProblem("not a url", true)).not.toBeNull();
  });

  test("private addresses", () => {
    expect(isPrivateAddress("172.20.0.1")).toBe(true);
    expect(isPrivateAddress("fd00::1")).toBe(true);
    expect(isPrivateAddress("93.184.216.34")).toBe(false);
    expect(isPrivateAddress("2606:4700::1111")).toBe(false);
    // IPv6 forms that carry an IPv4 address (URL writes [::ffff:127.0.0.1] as [::ffff:7f00:1]).
    for (const address of ["::1", "::", "::ffff:7f00:1", "::7f00:1", "64:ff9b::a00:1", "2002:c0a8:1::1"]) expect(isPrivateAddress(address), address).toBe(true);
  });
});

describe("retry schedule", () => {
  const env = { AUTH_SECRET: "x".repeat(32), KEY_PEPPER: "y".repeat(32), DATABASE_URL: "postgresql://localhost/x" };

  test("the default keeps trying for at least 24 hours, then stops", () => {
    const schedule = serverEnv(env).KEYWARD_WEBHOOK_RETRY_SCHEDULE;
    expect(scheduleSpanMs(schedule)).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(retryDelayMs(schedule, 0, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(schedule, schedule.length, () => 0.5)).toBeNull();
  });

  test("each wait is spread by at most 10%", () => {
    expect(retryDelayMs([100], 0, () => 0)).toBe(90_000);
    expect(retryDelayMs([100], 0, () => 1)).toBe(110_000);
  });

  test("a malformed schedule is refused at start", () => {
    expect(() => serverEnv({ ...env, KEYWARD_WEBHOOK_RETRY_SCHEDULE: "5,soon" })).toThrow(/KEYWARD_WEBHOOK_RETRY_SCHEDULE/);
  });
});
