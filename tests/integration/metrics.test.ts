// GET /api/metrics: off without METRICS_TOKEN, a Bearer check with it, and
// figures that move when the things they measure happen (real PostgreSQL, the
// real /api/v1 wrapper, the real usage recorder and sign-in throttle).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as me from "@/app/api/v1/me/route";
import pg from "pg";
import { keyVerificationReady } from "@/lib/api-keys/verify-api-key";
import { poolStats } from "@/lib/db/prisma";
import { reserveSignInAttempt, SIGN_IN_LIMITS } from "@/lib/auth/sign-in-throttle";
import { metricsResponse } from "@/lib/observability/metrics-endpoint";
import { services, stopServices } from "@/lib/runtime/services";
import { usageRecorder } from "@/lib/usage/usage-recorder";
import { callRoute } from "../support/api-call";
import { eventually } from "../support/app-server";
import { createOrganizationActor, issueKey, uniqueEmail } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());

const TOKEN = "metrics-token-for-tests-0123456789";

function scrape(headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }, options: { token?: string } = { token: TOKEN }) {
  return metricsResponse(new Request("http://localhost/api/metrics", { headers }), options.token);
}

async function metricsText() {
  const response = await scrape();
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one sample (labels in the order prom-client writes them); undefined when absent. */
function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

let secret: string;

beforeAll(async () => {
  const { actor } = await createOrganizationActor("Metrics");
  secret = (await issueKey(actor, { name: "metrics", scopes: ["resources:read"] })).secret;
  await keyVerificationReady();
});

describe("access", () => {
  test("without METRICS_TOKEN the endpoint does not exist: 404", async () => {
    const response = await scrape({ authorization: `Bearer ${TOKEN}` }, {});
    expect(response.status).toBe(404);
  });

  test("no token or a wrong one: 401 with a Bearer challenge, and no figures", async () => {
    for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }, { authorization: `Bearer ${TOKEN.slice(0, -1)}` }]) {
      const response = await scrape(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toMatch(/keyward_/);
    }
  });

  test("the right token: Prometheus' text format, never cached", async () => {
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toMatch(/^# HELP /m);
  });
});

describe("figures", () => {
  test("/api/v1 requests by route pattern, method and status class; the scrape does not count itself", async () => {
    const before = await metricsText();
    const ok = 'route="/api/v1/me",method="GET",status_class="2xx"';
    const unauthorized = 'route="/api/v1/me",method="GET",status_class="4xx"';
    await callRoute(me.GET, { key: secret, path: "/api/v1/me?x=1" });
    await callRoute(me.GET, { key: secret });
    await callRoute(me.GET, { key: `${secret.slice(0, -2)}zz` });
    const after = await metricsText();
    expect((sample(after, "keyward_http_requests_total", ok) ?? 0) - (sample(before, "keyward_http_requests_total", ok) ?? 0)).toBe(2);
    expect((sample(after, "keyward_http_requests_total", unauthorized) ?? 0) - (sample(before, "keyward_http_requests_total", unauthorized) ?? 0)).toBe(1);
    expect((sample(after, "keyward_http_request_duration_seconds_count", ok) ?? 0) - (sample(before, "keyward_http_request_duration_seconds_count", ok) ?? 0)).toBe(2);
    // The pattern, not the URL (its query string would be a new series per value).
    expect(after).not.toMatch(/route="[^"]*\?/);
    expect(after).not.toMatch(/route="\/api\/metrics"/);
  });

  test("verification cache: a second look-up of one key is a hit; the LISTEN connection is up", async () => {
    const before = await metricsText();
    const { secret: fresh } = await issueKey((await createOrganizationActor("Cache")).actor, { name: "cache", scopes: ["resources:read"] });
    await callRoute(me.GET, { key: fresh });
    await callRoute(me.GET, { key: fresh });
    const after = await metricsText();
    expect(sample(after, "keyward_verification_cache_misses_total")! - (sample(before, "keyward_verification_cache_misses_total") ?? 0)).toBe(1);
    expect(sample(after, "keyward_verification_cache_hits_total")! - (sample(before, "keyward_verification_cache_hits_total") ?? 0)).toBe(1);
    expect(sample(after, "keyward_verification_cache_entries")).toBeGreaterThan(0);
    expect(sample(after, "keyward_key_change_listener_up")).toBe(1);
  });

  test("usage buffer depth and flushes", async () => {
    await usageRecorder().flush();
    const before = await metricsText();
    await callRoute(me.GET, { key: secret });
    expect(sample(await metricsText(), "keyward_usage_buffer_rollups")).toBeGreaterThanOrEqual(1);
    await usageRecorder().flush();
    const after = await metricsText();
    expect(sample(after, "keyward_usage_buffer_rollups")).toBe(0);
    expect(sample(after, "keyward_usage_flush_duration_seconds_count")! - (sample(before, "keyward_usage_flush_duration_seconds_count") ?? 0)).toBe(1);
    expect(sample(after, "keyward_usage_flush_failures_total")).toBe(0);
    expect(sample(after, "keyward_usage_dropped_requests_total")).toBe(0);
  });

  test("the database pool: its size, open and idle connections, waits", async () => {
    const text = await metricsText();
    expect(sample(text, "keyward_db_pool_max_connections")).toBe(10);
    expect(sample(text, "keyward_db_pool_connections")).toBeGreaterThanOrEqual(1);
    expect(sample(text, "keyward_db_pool_idle_connections")).toBeGreaterThanOrEqual(0);
    expect(sample(text, "keyward_db_pool_waiting_requests")).toBe(0);
    expect(sample(text, "keyward_db_pool_waits_total")).toBeGreaterThanOrEqual(0);
  });

  test("the pool counts a check-out that had to wait", async () => {
    // Ten queries hold all ten connections until a lock held elsewhere is let go: no timing involved.
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(7313)");
      const before = sample(await metricsText(), "keyward_db_pool_waits_total")!;
      const blocked = () => services().prisma.$queryRaw`SELECT 1 AS passed FROM pg_advisory_xact_lock_shared(7313)`;
      // (Prisma runs a query only once it is awaited: then() starts each.)
      const queries = Array.from({ length: 11 }, () => blocked().then((rows) => rows));
      await eventually(async () => poolStats(services().prisma), (stats) => stats?.open === 10 && stats.waiting === 1, 10_000);
      expect(sample(await metricsText(), "keyward_db_pool_waiting_requests")).toBe(1);
      expect(sample(await metricsText(), "keyward_db_pool_waits_total")).toBe(before);
      await holder.query("SELECT pg_advisory_unlock(7313)");
      await Promise.all(queries);
      expect(sample(await metricsText(), "keyward_db_pool_waits_total")).toBe(before + 1);
    } finally {
      await holder.end();
    }
  });

  test("the rate limiter's backend", async () => {
    await callRoute(me.GET, { key: secret });
    const text = await metricsText();
    const backend = services().redis?.usable ? "redis" : "memory";
    expect(sample(text, "keyward_rate_limit_backend", `backend="${backend}"`)).toBe(1);
    expect(sample(text, "keyward_rate_limit_backend", `backend="${backend === "redis" ? "memory" : "redis"}"`)).toBe(0);
  });

  test("sign-in throttle refusals", async () => {
    const before = sample(await metricsText(), "keyward_sign_in_throttled_total", 'kind="sign_in"') ?? 0;
    const email = uniqueEmail("throttled");
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.email; attempt++) expect(await reserveSignInAttempt({ email })).toBeNull();
    expect(await reserveSignInAttempt({ email })).not.toBeNull();
    expect(sample(await metricsText(), "keyward_sign_in_throttled_total", 'kind="sign_in"')).toBe(before + 1);
  });

  test("the job queue's jobs by queue and state: a job queued shows as waiting, one failed for good as failed", async () => {
    const jobs = services().jobs;
    await jobs.ready();
    const before = await metricsText();
    const waiting = sample(before, "keyward_jobs", 'queue="email.send",state="waiting"');
    expect(waiting).toBeTypeOf("number");
    const message = { to: "someone@example.test", subject: "s", text: "t", html: "<p>t</p>" };
    await jobs.send("email.send", message);
    const failed = await jobs.send("email.send", message, { startAfter: 3600, retryLimit: 0 });
    await jobs.pgBoss.fail("email.send", failed!);
    const after = await metricsText();
    expect(sample(after, "keyward_jobs", 'queue="email.send",state="waiting"')).toBe(waiting! + 1);
    expect(sample(after, "keyward_jobs", 'queue="email.send",state="failed"')).toBeGreaterThanOrEqual(1);
    // Every queue is listed, idle ones at zero, so an alert can watch any of them.
    expect(sample(after, "keyward_jobs", 'queue="webhooks.deliver",state="retrying"')).toBe(0);
  });

  test("the README's Monitoring section names every keyward_ metric", async () => {
    const names = new Set([...(await metricsText()).matchAll(/^# TYPE (keyward_\w+)/gm)].map((match) => match[1]!));
    expect(names.size).toBeGreaterThan(15);
    const readme = readFileSync("README.md", "utf8");
    expect([...names].filter((name) => !readme.includes(name))).toEqual([]);
  });
});
