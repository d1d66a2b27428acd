// Issue 13 on the built server: GET /api/metrics over HTTP, one JSON log line
// per /api/v1 request, the System page for owners only, and, above all, a
// whole run's log (stdout and stderr, at LOG_LEVEL=debug, where each request
// line carries the request's headers) searched for every secret the run
// created or sent: keys, wrong keys, an exchanged token, session cookies, the
// password, METRICS_TOKEN and the app's own secrets. None may appear.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stopServices } from "@/lib/runtime/services";
import { startAppServer, TEST_SECRETS, type AppServer } from "../support/app-server";
import { addMember, createOrganizationActor, issueKey, TEST_PASSWORD } from "../support/factories";
import { postCredentials, signInOverHttp } from "../support/http-session";
import { redisAnswers, redisLabel, TEST_REDIS_URL } from "../support/redis";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();
const redisAvailable = await redisAnswers(TEST_REDIS_URL);
const METRICS_TOKEN = "metrics-token-0123456789-abcdefghij";
let server: AppServer;
let organizationId: string;
let adminId: string;
let ownerCookie: string;
let adminCookie: string;
let bearerKey: { id: string; secret: string };
let headerKey: { id: string; secret: string };
/** Everything secret this run creates or sends, to be looked for in the log. */
const secrets = new Set<string>();

/** The session and CSRF cookies' values in a Cookie header, as sent and decoded, and each part of a CSRF "token|hash". */
function cookieValues(cookie: string): string[] {
  return cookie
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => /^(__Secure-|__Host-)?next-auth\.(session|csrf)-token=/.test(pair))
    .flatMap((pair) => {
      const value = pair.slice(pair.indexOf("=") + 1);
      return [value, decodeURIComponent(value), ...decodeURIComponent(value).split("|")];
    });
}

/** A secret with its last characters changed: a wrong key that still looks like one. */
function wrong(secret: string) {
  return `${secret.slice(0, -4)}${secret.slice(-4) === "zzzz" ? "yyyy" : "zzzz"}`;
}

beforeAll(async () => {
  const { organization, actor, user } = await createOrganizationActor("Observability");
  organizationId = organization.id;
  const admin = await addMember(organization.id, "ADMIN");
  adminId = admin.id;
  // addMember's users have no usable password: give the admin the owner's.
  const { getPrisma } = await import("@/lib/db/prisma");
  const { passwordHash } = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
  await getPrisma().user.update({ where: { id: admin.id }, data: { passwordHash } });
  const issued = await Promise.all([
    issueKey(actor, { name: "bearer", scopes: ["resources:read", "tokens:exchange"] }),
    issueKey(actor, { name: "header", scopes: ["resources:read"] }),
  ]);
  bearerKey = { id: issued[0].apiKey.id, secret: issued[0].secret };
  headerKey = { id: issued[1].apiKey.id, secret: issued[1].secret };
  // A long Redis deadline: a busy machine must not trip the circuit (and the fallback) under this test.
  server = await startAppServer({ databaseUrl: db.url, env: { METRICS_TOKEN, LOG_LEVEL: "debug", ...(redisAvailable ? { REDIS_URL: TEST_REDIS_URL, KEYWARD_REDIS_TIMEOUT_MS: "5000" } : {}) } });
  ownerCookie = await signInOverHttp(server.url, user.email, TEST_PASSWORD);
  adminCookie = await signInOverHttp(server.url, admin.email, TEST_PASSWORD);
  for (const value of [bearerKey.secret, headerKey.secret, METRICS_TOKEN, TEST_PASSWORD, TEST_SECRETS.AUTH_SECRET, TEST_SECRETS.KEY_PEPPER, ...cookieValues(ownerCookie), ...cookieValues(adminCookie)]) {
    secrets.add(value);
  }
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await stopServices();
});

const requestIds: string[] = [];

async function api(path: string, headers: Record<string, string>, init: RequestInit = {}) {
  const response = await fetch(`${server.url}${path}`, { ...init, headers });
  requestIds.push(response.headers.get("x-request-id")!);
  return response;
}

describe("a run's traffic", () => {
  test("keys by Bearer and X-API-Key, wrong keys, an exchanged token, a wrong password, dashboard pages", async () => {
    expect((await api("/api/v1/me", { Authorization: `Bearer ${bearerKey.secret}` })).status).toBe(200);
    expect((await api("/api/v1/me", { "X-API-Key": headerKey.secret })).status).toBe(200);
    const wrongKeys: Record<string, string>[] = [{ Authorization: `Bearer ${wrong(bearerKey.secret)}` }, { "X-API-Key": wrong(headerKey.secret) }];
    for (const headers of wrongKeys) {
      secrets.add(Object.values(headers)[0]!.replace(/^Bearer /, ""));
      expect((await api("/api/v1/me", headers)).status).toBe(401);
    }
    const exchanged = await api(
      "/api/v1/auth/token-exchange",
      { Authorization: `Bearer ${bearerKey.secret}`, "Content-Type": "application/json" },
      { method: "POST", body: JSON.stringify({ userId: adminId }) },
    );
    expect(exchanged.status).toBe(200);
    const { token } = (await exchanged.json()) as { token: string };
    secrets.add(token);
    expect((await api("/api/v1/me", { Authorization: `Bearer ${token}` })).status).toBe(200);
    secrets.add(wrong(token));
    expect((await api("/api/v1/me", { Authorization: `Bearer ${wrong(token)}` })).status).toBe(401);

    const wrongPassword = "wrong-password-for-the-log-test";
    secrets.add(wrongPassword);
    const { response: refused, csrfCookie } = await postCredentials(server.url, "nobody@example.com", wrongPassword);
    expect(refused.status).toBeLessThan(500);
    for (const value of cookieValues(csrfCookie)) secrets.add(value);
    expect((await fetch(`${server.url}/keys`, { headers: { cookie: ownerCookie } })).status).toBe(200);
  });

  test("one JSON line per /api/v1 request, with its request id, key, organization, route, status and duration", () => {
    const lines = server
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === "api request");
    expect(lines.map((line) => line.requestId).sort()).toEqual([...requestIds].sort());
    const byId = new Map(lines.map((line) => [line.requestId, line]));
    expect(byId.get(requestIds[0])).toMatchObject({ level: "debug", keyId: bearerKey.id, organizationId, method: "GET", route: "/api/v1/me", status: 200, durationMs: expect.any(Number) });
    expect(byId.get(requestIds[1])).toMatchObject({ keyId: headerKey.id, status: 200 });
    expect(byId.get(requestIds[2])).toMatchObject({ keyId: null, organizationId: null, status: 401 });
    expect(byId.get(requestIds[4])).toMatchObject({ keyId: bearerKey.id, route: "/api/v1/auth/token-exchange", method: "POST", status: 200 });
    // At debug the headers are there, and the credentials in them are not.
    expect(byId.get(requestIds[0])).toMatchObject({ headers: { authorization: "[redacted]" } });
    expect(byId.get(requestIds[1])).toMatchObject({ headers: { "x-api-key": "[redacted]" } });
  });
});

describe("GET /api/metrics over HTTP", () => {
  test("401 without the token; with it, the requests above by route pattern, and the pool of the built server", async () => {
    expect((await fetch(`${server.url}/api/metrics`)).status).toBe(401);
    const response = await fetch(`${server.url}/api/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    expect(text).toMatch(/^keyward_http_requests_total\{route="\/api\/v1\/me",method="GET",status_class="2xx"\} 3$/m);
    expect(text).toMatch(/^keyward_http_requests_total\{route="\/api\/v1\/me",method="GET",status_class="4xx"\} 3$/m);
    expect(text).toMatch(/^keyward_db_pool_max_connections 10$/m);
    expect(text).toMatch(/^keyward_key_change_listener_up 1$/m);
    expect(text).not.toMatch(/route="\/api\/metrics"/);
  });

  test("requests the server answers before the app (an unroutable method; overload) are counted apart, with the /api/v1 requests in flight", async () => {
    const scrape = async () => (await fetch(`${server.url}/api/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(await scrape()).toMatch(/^keyward_http_requests_shed_total\{reason="method_not_allowed"\} 0$/m);
    expect((await fetch(`${server.url}/api/v1/me`, { method: "PROPFIND", headers: { Authorization: `Bearer ${bearerKey.secret}` } })).status).toBe(405);
    const text = await scrape();
    expect(text).toMatch(/^keyward_http_requests_shed_total\{reason="method_not_allowed"\} 1$/m);
    expect(text).toMatch(/^keyward_http_requests_shed_total\{reason="overloaded"\} 0$/m);
    expect(text).toMatch(/^keyward_http_requests_in_flight \d+$/m);
  });
});

describe("the System page", () => {
  test("an owner sees the database, LISTEN and versions; an admin is told it is for owners", async () => {
    const owner = await fetch(`${server.url}/system`, { headers: { cookie: ownerCookie } });
    expect(owner.status).toBe(200);
    const page = await owner.text();
    expect(page).toContain("Database");
    expect(page).toMatch(/PostgreSQL.*?\d+\.\d+/s);
    expect(page).toContain("listening");
    expect(page).toContain(process.version);
    expect(page).toContain('href="/system"');
    const admin = await fetch(`${server.url}/system`, { headers: { cookie: adminCookie } });
    expect(admin.status).toBe(200);
    const refusal = await admin.text();
    expect(refusal).toContain("This page is for owners");
    expect(refusal).not.toContain(process.version);
    expect(refusal).not.toContain('href="/system"');
  });
});

describe(`with Redis ${redisLabel(redisAvailable)}`, () => {
  test.skipIf(!redisAvailable)("limits are counted in Redis, the metrics say so, and the System page shows its version", async () => {
    const metrics = await (await fetch(`${server.url}/api/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/^keyward_rate_limit_backend\{backend="redis"\} 1$/m);
    expect(metrics).toMatch(/^keyward_rate_limit_backend\{backend="memory"\} 0$/m);
    expect(metrics).toMatch(/^keyward_redis_state\{state="up"\} 1$/m);
    expect(metrics).toMatch(/^keyward_rate_limit_fallback_seconds_total 0$/m);
    const page = await (await fetch(`${server.url}/system`, { headers: { cookie: ownerCookie } })).text();
    expect(page).toContain("Redis (shared by every instance)");
    expect(page).toMatch(/Redis.*?\d+\.\d+\.\d+/s);
  });
});

describe("the log", () => {
  test("holds none of the run's secrets, in stdout or stderr", async () => {
    // Everything is flushed once the process has exited.
    await server.stop();
    const log = server.output();
    expect(log.length).toBeGreaterThan(1000);
    expect(secrets.size).toBeGreaterThan(12);
    const found = [...secrets].filter((secret) => secret.length >= 8 && log.includes(secret));
    expect(found).toEqual([]);
  });
});
