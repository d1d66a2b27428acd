// Issue 9: sign-in under attack and under faults. next-auth's own callbacks and
// the route in front of it, with real worker threads and a PostgreSQL that is
// not there.
import { afterAll, describe, expect, test } from "vitest";
import { handleAuthRequest } from "@/lib/auth/auth-route";
import { authOptions } from "@/lib/auth/options";
import { PasswordPool } from "@/lib/auth/password-pool";
import { ServiceUnavailableError } from "@/lib/errors";
import { services, stopServices } from "@/lib/runtime/services";

// No database for this file: the one test that reaches it is about it being gone.
process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:1/nowhere";

type Authorize = (credentials: Record<string, string>, request: { headers: Record<string, string> }) => Promise<unknown>;

afterAll(() => stopServices(["passwordPool"]));

describe("next-auth's redirect callback", () => {
  const redirect = authOptions().callbacks!.redirect!;
  const baseUrl = "https://keys.example.com";
  test.each([
    ["/.//evil.example", "/keys"],
    ["/..//evil.example", "/keys"],
    ["/%2e%2e//evil.example", "/keys"],
    ["https://evil.example/keys", "/keys"],
    ["https://keys.example.com//evil.example", "/keys"],
    ["https://keys.example.com/settings", "/settings"],
    ["/audit-log", "/audit-log"],
    ["/sign-in", "/sign-in"],
  ])("%s → %s on this origin", async (url, path) => {
    expect(await redirect({ url, baseUrl })).toBe(`${baseUrl}${path}`);
  });
});

describe("bcrypt runs in a bounded pool", () => {
  test("hashes and checks in worker threads; when workers and queue are full, a new check is refused at once with 503", async () => {
    const pool = new PasswordPool(1, 1);
    try {
      const hash = await pool.run<string>({ op: "hash", password: "pw", cost: 10 });
      expect(await pool.run<boolean>({ op: "compare", password: "pw", hash })).toBe(true);
      const running = pool.run({ op: "hash", password: "a", cost: 10 });
      const queued = pool.run({ op: "hash", password: "b", cost: 10 });
      expect(pool.saturated).toBe(true);
      const refused = await pool.run({ op: "hash", password: "c", cost: 10 }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ServiceUnavailableError);
      expect((refused as ServiceUnavailableError).headers["Retry-After"]).toBe("2");
      await Promise.all([running, queued]);
      expect(pool.saturated).toBe(false);
    } finally {
      await pool.close();
    }
  });

  test("a sign-in arriving while the pool is saturated gets 503, Retry-After and the form's Busy code, without reaching next-auth", async () => {
    const pool = new PasswordPool(1, 0);
    services().provide("passwordPool", pool);
    const running = pool.run({ op: "hash", password: "a", cost: 10 });
    let reached = false;
    const response = await handleAuthRequest(new Request("http://localhost/api/auth/callback/credentials", { method: "POST" }), async () => {
      reached = true;
      return new Response(null);
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(new URL((await response.json()).url).searchParams.get("error")).toBe("Busy");
    expect(reached).toBe(false);
    await running;
    // Other auth routes (session, sign-out) are never held back.
    await handleAuthRequest(new Request("http://localhost/api/auth/session"), async () => ((reached = true), new Response(null)));
    expect(reached).toBe(true);
  });
});

describe("an unexpected failure during sign-in", () => {
  test("reaches the sign-in URL as a generic code, never as the raw error", async () => {
    // The database is not there: the throttle's first query fails.
    const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
    const error = await provider.options.authorize({ email: "ada@example.com", password: "whatever" }, { headers: {} }).catch((e: Error) => e);
    expect((error as Error).message).toBe("Unavailable");
    await stopServices(["prisma"]);
  });
});
