// Webhooks with the production build as real processes, a real receiver that
// verifies signatures with `standardwebhooks`, and PostgreSQL between them:
// - a receiver that is down, then back: every event arrives once it returns,
//   and the failed attempts are in the log;
// - the app stopped in the middle of a delivery (the receiver holding its
//   answer): the event arrives once the app is back, with the same webhook-id;
// - two app instances working the queue together: each event reaches the
//   receiver exactly once (a count, not a timing).
process.env.KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS = "true";

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { emitEvent } from "@/lib/events/emit-event";
import { stopServices } from "@/lib/runtime/services";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { startAppServer, type AppServer } from "../support/app-server";
import { createOrganizationActor } from "../support/factories";
import { useTestDatabase } from "../support/test-database";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

const db = await useTestDatabase();
const servers: AppServer[] = [];
const receivers: Receiver[] = [];
const POLL = { timeout: 240_000, interval: 500 };

/** Attempts come back within seconds; the app's timeout is long so a held answer outlasts its shutdown. */
const METRICS_TOKEN = "metrics-token-webhooks-0123456789";
const APP_ENV = { METRICS_TOKEN, KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS: "true", KEYWARD_WEBHOOK_RETRY_SCHEDULE: "1,1,2,2,2,2,2,2,2,2,2,2", KEYWARD_WEBHOOK_TIMEOUT_MS: "20000" };

async function app() {
  const server = await startAppServer({ databaseUrl: db.url, env: APP_ENV });
  servers.push(server);
  return server;
}

async function setUp() {
  const { actor, organization } = await createOrganizationActor();
  const receiver = await startReceiver();
  receivers.push(receiver);
  const { endpoint, secret } = await createWebhookEndpoint(actor, { url: receiver.url, allEvents: true });
  receiver.secrets.push(secret);
  const emit = (n: number) => emitEvent({ type: "key.revoked", organizationId: organization.id, data: { key: { id: `k${n}` } } });
  const deliveries = () => getPrisma().webhookDelivery.findMany({ where: { endpointId: endpoint.id }, include: { attemptLog: { orderBy: { attempt: "asc" } } } });
  return { receiver, emit, deliveries, endpoint };
}

beforeAll(() => {}, 10_000);
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await stopServices();
});

describe("webhooks across processes", () => {
  test("a receiver that is down, then back: every event arrives once it returns, failed attempts logged", async () => {
    const server = await app();
    const { receiver, emit, deliveries } = await setUp();
    await receiver.down();
    const events = await Promise.all([1, 2, 3].map(emit));
    // Each delivery fails at least twice while the receiver is away.
    await expect.poll(async () => (await deliveries()).filter((d) => d.attemptLog.filter((a) => a.error).length >= 2).length, POLL).toBe(3);
    await receiver.up();
    await expect.poll(async () => (await deliveries()).filter((d) => d.state === "DELIVERED").length, POLL).toBe(3);
    expect(receiver.ids().sort()).toEqual(events.map((event) => event.id).sort());
    expect(receiver.received.every((r) => r.verifiedWith.length === 1)).toBe(true);
    for (const delivery of await deliveries()) {
      expect(delivery.attemptLog.at(-1)!.statusCode).toBe(204);
      expect(delivery.attemptLog.slice(0, -1).every((a) => /ECONNREFUSED|fetch failed/.test(a.error ?? ""))).toBe(true);
    }
    await server.stop();
  }, 300_000);

  test("the app stopped in the middle of a delivery: once it is back the event arrives, with the same webhook-id", async () => {
    const first = await app();
    const { receiver, emit, deliveries } = await setUp();
    receiver.hold = true;
    const event = await emit(1);
    await expect.poll(() => receiver.received.length, POLL).toBe(1);
    // The app is stopped while the receiver still holds its answer: that attempt never gets one.
    await first.stop();
    receiver.hold = false;
    receiver.release();
    expect((await deliveries())[0]!.state).not.toBe("DELIVERED");

    await app();
    await expect.poll(async () => (await deliveries())[0]!.state, POLL).toBe("DELIVERED");
    expect(receiver.received.length).toBeGreaterThanOrEqual(2);
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set([event.id]));
    expect(receiver.received.every((r) => r.verifiedWith.length === 1)).toBe(true);
    const [delivery] = await deliveries();
    expect(delivery!.attemptLog.filter((a) => a.statusCode === 204)).toHaveLength(1);
    // The held attempt is logged as lost (interrupted, or timed out while stopping), never as delivered.
    expect(delivery!.attemptLog[0]!.statusCode).toBeNull();
  }, 300_000);

  test("two app instances delivering together: each event reaches the receiver exactly once", async () => {
    // Only these two: the earlier tests' servers are stopped (a third would take a share of the work).
    await Promise.all(servers.map((server) => server.stop()));
    const pair = [await app(), await app()];
    const { receiver, emit, deliveries } = await setUp();
    const events = await Promise.all(Array.from({ length: 60 }, (_, n) => emit(n)));
    await expect.poll(async () => (await deliveries()).filter((d) => d.state === "DELIVERED").length, POLL).toBe(60);
    expect(receiver.received).toHaveLength(60);
    expect(receiver.ids().sort()).toEqual(events.map((event) => event.id).sort());
    // And the instances' own counts add up to one attempt per event between them.
    const delivered = await Promise.all(pair.map((server) => deliveredAttempts(server)));
    expect(delivered[0]! + delivered[1]!).toBe(60);
  }, 300_000);
});

async function deliveredAttempts(server: AppServer): Promise<number> {
  const text = await (await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text.split("\n").find((l) => l.startsWith('keyward_webhook_attempts_total{outcome="delivered"}'));
  return line ? Number(line.split(" ").at(-1)) : 0;
}
