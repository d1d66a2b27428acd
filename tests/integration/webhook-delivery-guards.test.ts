// The guards that make webhook delivery safe to repeat, driven by hand (no
// worker running): a fan-out that runs twice makes no second delivery, an
// attempt's job that runs twice (one after the other, or at once) sends one
// request, a delivery left mid-attempt by a dead worker is taken over as a
// new attempt with the same webhook-id, and one still in someone's hands is
// left alone and checked back on later.
process.env.KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS = "true";
process.env.KEYWARD_WEBHOOK_RETRY_SCHEDULE = "0";
process.env.KEYWARD_WEBHOOK_TIMEOUT_MS = "3000";

import { afterAll, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { newEvent } from "@/lib/events/emit-event";
import { stopServices } from "@/lib/runtime/services";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { deliverWebhook } from "@/lib/webhooks/deliver";
import { fanOutEvent } from "@/lib/webhooks/fan-out-event";
import { createOrganizationActor } from "../support/factories";
import { useTestDatabase } from "../support/test-database";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

await useTestDatabase();
const receivers: Receiver[] = [];
afterAll(async () => {
  await stopServices(["jobs"]);
  await Promise.all(receivers.map((r) => r.close()));
});

async function setUp() {
  const { actor, organization } = await createOrganizationActor();
  const target = await startReceiver();
  receivers.push(target);
  const { endpoint, secret } = await createWebhookEndpoint(actor, { url: target.url, allEvents: true });
  target.secrets.push(secret);
  const event = newEvent({ type: "key.revoked", organizationId: organization.id, data: { key: { id: "k" } } });
  return { organization, endpoint, target, event };
}

async function deliverJobs(deliveryId: string) {
  return getPrisma().$queryRawUnsafe<{ data: { attempt: number }; start_after: Date }[]>(
    `SELECT data, start_after FROM pgboss.job WHERE name = 'webhooks.deliver' AND data->>'deliveryId' = $1 ORDER BY created_on`,
    deliveryId,
  );
}

describe("delivery guards", () => {
  test("a fan-out that runs twice makes one delivery and queues one attempt", async () => {
    const { event, endpoint } = await setUp();
    expect(await fanOutEvent(event)).toBe(1);
    expect(await fanOutEvent(event)).toBe(0);
    const deliveries = await getPrisma().webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(deliveries).toHaveLength(1);
    expect((await deliverJobs(deliveries[0]!.id)).map((job) => job.data.attempt)).toEqual([1]);
  });

  test("an attempt's job run twice, then three times at once, sends one request each time it is due", async () => {
    const { event, endpoint, target } = await setUp();
    await fanOutEvent(event);
    const delivery = await getPrisma().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    const job = { deliveryId: delivery.id, attempt: 1 };
    expect(await deliverWebhook(job)).toBe("delivered");
    expect(await deliverWebhook(job)).toBe("skipped");
    expect(target.received).toHaveLength(1);

    const second = await setUp();
    await fanOutEvent(second.event);
    const other = await getPrisma().webhookDelivery.findFirstOrThrow({ where: { endpointId: second.endpoint.id } });
    const outcomes = await Promise.all([1, 2, 3].map(() => deliverWebhook({ deliveryId: other.id, attempt: 1 })));
    expect(outcomes.filter((outcome) => outcome === "delivered")).toHaveLength(1);
    expect(second.target.received).toHaveLength(1);
    expect(second.target.received[0]!.verifiedWith).toEqual([0]);
  });

  test("a delivery left mid-attempt by a dead worker is taken over once its claim runs out: same webhook-id, the lost attempt logged", async () => {
    const { event, endpoint, target } = await setUp();
    await fanOutEvent(event);
    const delivery = await getPrisma().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    // What a worker that died after claiming attempt 1 leaves behind.
    await getPrisma().webhookDelivery.update({ where: { id: delivery.id }, data: { state: "SENDING", attempts: 1, claimedUntil: new Date(Date.now() + 60_000) } });

    // While the claim holds, the job leaves it alone, and comes back when it runs out.
    expect(await deliverWebhook({ deliveryId: delivery.id, attempt: 1 })).toBe("in-flight");
    expect(target.received).toHaveLength(0);
    const jobs = await deliverJobs(delivery.id);
    expect(jobs).toHaveLength(2);
    expect(jobs[1]!.start_after.getTime()).toBeGreaterThan(Date.now() + 30_000);

    await getPrisma().webhookDelivery.update({ where: { id: delivery.id }, data: { claimedUntil: new Date(Date.now() - 1_000) } });
    expect(await deliverWebhook({ deliveryId: delivery.id, attempt: 1 })).toBe("delivered");
    expect(target.received).toHaveLength(1);
    expect(target.received[0]!.id).toBe(event.id);
    const attempts = await getPrisma().webhookAttempt.findMany({ where: { deliveryId: delivery.id }, orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.error?.slice(0, 11) ?? null])).toEqual([
      [1, null, "Interrupted"],
      [2, 204, null],
    ]);
  });

  test("a disabled endpoint's queued attempt is not sent; it stays pending in the log", async () => {
    const { event, endpoint, target } = await setUp();
    await fanOutEvent(event);
    await getPrisma().webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false } });
    const delivery = await getPrisma().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(await deliverWebhook({ deliveryId: delivery.id, attempt: 1 })).toBe("skipped");
    expect(target.received).toHaveLength(0);
    expect((await getPrisma().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).state).toBe("PENDING");
  });

  test("a receiver that is down is a failed attempt with the connection's error, and the next attempt is queued on the schedule", async () => {
    const { event, endpoint, target } = await setUp();
    await target.down();
    await fanOutEvent(event);
    const delivery = await getPrisma().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(await deliverWebhook({ deliveryId: delivery.id, attempt: 1 })).toBe("retrying");
    const row = await getPrisma().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row.state).toBe("PENDING");
    expect(row.lastError).toMatch(/ECONNREFUSED/);
    expect((await deliverJobs(delivery.id)).map((job) => job.data.attempt)).toEqual([1, 2]);
    await target.up();
    expect(await deliverWebhook({ deliveryId: delivery.id, attempt: 2 })).toBe("delivered");
    expect(target.received.map((r) => r.id)).toEqual([event.id]);
  });
});
