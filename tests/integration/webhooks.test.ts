// Signed webhooks end to end inside one process, on real PostgreSQL and a
// real HTTP receiver that verifies every request with `standardwebhooks`:
// audited changes become events, events fan out to the endpoints that listen
// for them, deliveries are signed (two signatures during a rotation), failed
// attempts are retried on the schedule, an endpoint that never answers is
// disabled with an audit event, and the delivery log can redeliver.
process.env.KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS = "true";
process.env.KEYWARD_WEBHOOK_RETRY_SCHEDULE = "0,1";
process.env.KEYWARD_WEBHOOK_TIMEOUT_MS = "3000";

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { revokeApiKey, rotateApiKey } from "@/lib/api-keys/change-api-key";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getPrisma } from "@/lib/db/prisma";
import { JobQueue } from "@/lib/jobs/job-queue";
import { jobHandlers } from "@/lib/jobs/workers";
import { removeMember } from "@/lib/organizations/manage";
import { stopServices } from "@/lib/runtime/services";
import { createWebhookEndpoint } from "@/lib/webhooks/create-endpoint";
import { deleteWebhookEndpoint, rotateWebhookSecret, setWebhookEndpointEnabled } from "@/lib/webhooks/manage-endpoint";
import { listWebhookDeliveries } from "@/lib/webhooks/queries";
import { redeliverWebhook } from "@/lib/webhooks/redeliver";
import { sendTestWebhook } from "@/lib/webhooks/send-test-event";
import { addMember, createOrganizationActor, issueKey, userActor } from "../support/factories";
import { useTestDatabase } from "../support/test-database";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

const db = await useTestDatabase();
const worker = new JobQueue({ connectionString: db.url, worker: true });
const receivers: Receiver[] = [];
async function receiver(answer = 204) {
  const started = await startReceiver({ answer });
  receivers.push(started);
  return started;
}
beforeAll(() => worker.startWorkers(jobHandlers()));
afterAll(async () => {
  await worker.stop(2_000);
  await stopServices(["jobs"]);
  await Promise.all(receivers.map((r) => r.close()));
});

const POLL = { timeout: 60_000, interval: 200 };

async function endpointFor(actor: Parameters<typeof createWebhookEndpoint>[0], target: Receiver, events: { allEvents?: boolean; eventTypes?: string[] }) {
  const created = await createWebhookEndpoint(actor, { url: target.url, description: "test", allEvents: events.allEvents ?? false, eventTypes: (events.eventTypes ?? []) as never });
  target.secrets.push(created.secret);
  return created;
}

async function auditActions(organizationId: string) {
  const rows = await getPrisma().auditEvent.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" }, select: { action: true, actorLabel: true, metadata: true } });
  return rows;
}

/** Events of the organization not yet fanned out. */
async function unhandledEvents(organizationId: string): Promise<number> {
  const rows = await getPrisma().$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM pgboss.job WHERE name = 'events' AND data->>'organizationId' = $1 AND state <> 'completed'`,
    organizationId,
  );
  return Number(rows[0]!.n);
}

describe("endpoints", () => {
  test("the secret is shown once: the row holds it sealed, the view never has it", async () => {
    const { actor, organization } = await createOrganizationActor();
    const target = await receiver();
    const { endpoint, secret } = await endpointFor(actor, target, { allEvents: true });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(JSON.stringify(endpoint)).not.toContain(secret.slice(6));
    const row = await getPrisma().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(Buffer.from(row.secretSealed).toString("latin1")).not.toContain(secret.slice(6));
    expect(Buffer.from(row.secretSealed).toString("base64")).not.toContain(secret.slice(6, 20));
    expect((await auditActions(organization.id)).map((event) => event.action)).toContain("webhook.endpoint_created");
  });

  test("members cannot manage endpoints; another organization's admin finds none of ours", async () => {
    const { actor, organization } = await createOrganizationActor();
    const member = await addMember(organization.id, "MEMBER");
    const target = await receiver();
    await expect(createWebhookEndpoint(userActor(member, organization.id, "MEMBER"), { url: target.url, allEvents: true })).rejects.toMatchObject({ code: "admin_only" });
    const { endpoint } = await endpointFor(actor, target, { allEvents: true });
    const other = await createOrganizationActor("Other");
    await expect(rotateWebhookSecret(other.actor, endpoint.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(setWebhookEndpointEnabled(other.actor, endpoint.id, false)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteWebhookEndpoint(other.actor, endpoint.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(sendTestWebhook(other.actor, endpoint.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(redeliverWebhook(other.actor, endpoint.id, endpoint.id)).rejects.toMatchObject({ code: "not_found" });
    // A malformed id is the same 404, not a database error.
    await expect(sendTestWebhook(actor, "1' OR '1'='1")).rejects.toMatchObject({ code: "not_found" });
  });

  test("a URL must have a scheme and no credentials", async () => {
    const { actor } = await createOrganizationActor();
    await expect(createWebhookEndpoint(actor, { url: "ftp://127.0.0.1/x", allEvents: true })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(createWebhookEndpoint(actor, { url: "https://user:pw@example.com/x", allEvents: true })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(createWebhookEndpoint(actor, { url: "https://example.com/x" })).rejects.toMatchObject({ code: "validation_failed" });
  });
});

describe("events and deliveries", () => {
  test("a revoked key reaches the endpoints that listen for key.revoked, signed, and no other", async () => {
    const { actor, organization } = await createOrganizationActor();
    const [revokedOnly, everything, membersOnly, disabled] = [await receiver(), await receiver(), await receiver(), await receiver()];
    await endpointFor(actor, revokedOnly, { eventTypes: ["key.revoked"] });
    await endpointFor(actor, everything, { allEvents: true });
    await endpointFor(actor, membersOnly, { eventTypes: ["member.added", "member.removed"] });
    const off = await endpointFor(actor, disabled, { allEvents: true });
    await setWebhookEndpointEnabled(actor, off.endpoint.id, false);

    const issued = await issueKey(actor, { name: "billing" });
    await revokeApiKey(actor, issued.apiKey.id);

    await expect.poll(() => everything.ids().length, POLL).toBe(2);
    await expect.poll(() => revokedOnly.ids().length, POLL).toBe(1);
    const revoked = revokedOnly.received[0]!;
    expect(revoked.verifiedWith).toEqual([0]);
    expect(revoked.id).toMatch(/^evt_/);
    expect(revoked.headers["content-type"]).toBe("application/json");
    expect(revoked.headers["user-agent"]).toMatch(/^Keyward-Webhooks/);
    expect(revoked.payload.type).toBe("key.revoked");
    expect(revoked.payload.data).toMatchObject({ key: { id: issued.apiKey.id, name: "billing", hint: issued.apiKey.hint, environment: "test", owner: { email: actor.type === "user" ? actor.email : "" } } });
    // The same event to both endpoints: the same webhook-id.
    expect(everything.received.map((r) => r.payload.type).sort()).toEqual(["key.created", "key.revoked"]);
    expect(everything.received.find((r) => r.payload.type === "key.revoked")!.id).toBe(revoked.id);
    // Never the key's secret.
    for (const r of [...everything.received, ...revokedOnly.received]) expect(r.body).not.toContain(issued.secret);
    expect(membersOnly.received).toHaveLength(0);
    expect(disabled.received).toHaveLength(0);

    // Rotation: old and new ids; member removal: who and their role.
    const rotated = await rotateApiKey(actor, (await issueKey(actor)).apiKey.id, "1h" as never);
    const member = await addMember(organization.id, "ADMIN", "leaver");
    await removeMember({ organizationId: organization.id, userId: actor.type === "user" ? actor.userId : "", email: "owner", ip: null }, member.id);
    await expect.poll(() => everything.received.map((r) => r.payload.type).filter((t) => t === "key.rotated" || t === "member.removed").length, POLL).toBe(2);
    const rotation = everything.received.find((r) => r.payload.type === "key.rotated")!.payload.data as { key: { id: string }; previousKey: { id: string } };
    expect(rotation.key.id).toBe(rotated.apiKey.id);
    expect(rotation.previousKey.id).toBe(rotated.previous.id);
    expect(everything.received.find((r) => r.payload.type === "member.removed")!.payload.data).toMatchObject({ member: { id: member.id, email: member.email, role: "ADMIN" } });
    await expect.poll(() => membersOnly.ids().length, POLL).toBe(1);
    expect(everything.received.every((r) => r.verifiedWith.length === 1)).toBe(true);
  });

  test("an event exists only if its change commits", async () => {
    const { actor, organization } = await createOrganizationActor();
    const count = async () =>
      Number((await getPrisma().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'events' AND data->>'organizationId' = $1`, organization.id))[0]!.n);
    const issued = await issueKey(actor);
    const before = await count();
    await getPrisma()
      .$transaction(async (tx) => {
        await recordAuditEvent(tx, { organizationId: organization.id, actor: { type: "cli" }, action: "api_key.revoked", target: { type: "api_key", id: issued.apiKey.id } });
        throw new Error("the change failed");
      })
      .catch(() => {});
    expect(await count()).toBe(before);
    // A refused change (already revoked) emits nothing either.
    await revokeApiKey(actor, issued.apiKey.id);
    expect(await count()).toBe(before + 1);
    await expect(revokeApiKey(actor, issued.apiKey.id)).rejects.toMatchObject({ code: "already_revoked" });
    expect(await count()).toBe(before + 1);
  });

  test("during a secret rotation each request carries two signatures: old and new secrets both verify", async () => {
    const { actor } = await createOrganizationActor();
    const target = await receiver();
    const { endpoint, secret: oldSecret } = await endpointFor(actor, target, { allEvents: true });
    const { secret: newSecret } = await rotateWebhookSecret(actor, endpoint.id);
    expect(newSecret).not.toBe(oldSecret);
    target.secrets.push(newSecret);
    await sendTestWebhook(actor, endpoint.id);
    await expect.poll(() => target.received.length, POLL).toBe(1);
    const request = target.received[0]!;
    expect(request.signature.split(" ")).toHaveLength(2);
    expect(request.verifiedWith).toEqual([0, 1]);
    expect(request.payload.type).toBe("webhook.test");
  });

  test("a failed attempt is retried on the schedule with the same webhook-id; each attempt is logged", async () => {
    const { actor } = await createOrganizationActor();
    const target = await receiver();
    target.answer = (n) => (n === 0 ? 503 : 200);
    const { endpoint } = await endpointFor(actor, target, { allEvents: true });
    await sendTestWebhook(actor, endpoint.id);
    await expect.poll(async () => (await listWebhookDeliveries(actor.organizationId, endpoint.id))[0]?.state, POLL).toBe("DELIVERED");
    const [delivery] = await listWebhookDeliveries(actor.organizationId, endpoint.id);
    expect(delivery!.attempts).toBe(2);
    expect(delivery!.attemptLog.map((a) => a.statusCode)).toEqual([200, 503]);
    expect(delivery!.attemptLog[1]!.responseExcerpt).toBe("answered 503");
    expect(new Set(target.received.map((r) => r.id)).size).toBe(1);
    expect(target.received).toHaveLength(2);
  });

  test("an endpoint failing every attempt of a delivery is disabled by the system, audited, and sent nothing more until enabled", async () => {
    const { actor, organization } = await createOrganizationActor();
    const target = await receiver(500);
    const { endpoint } = await endpointFor(actor, target, { allEvents: true });
    await sendTestWebhook(actor, endpoint.id);
    // Schedule "0,1": three attempts, then the delivery fails.
    await expect.poll(async () => (await listWebhookDeliveries(organization.id, endpoint.id))[0]?.state, POLL).toBe("FAILED");
    expect(target.received).toHaveLength(3);
    const row = await getPrisma().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.enabled).toBe(false);
    expect(row.disabledReason).toMatch(/failed/);
    const disabled = (await auditActions(organization.id)).find((event) => event.action === "webhook.endpoint_disabled");
    expect(disabled?.actorLabel).toBe("system (webhooks)");

    // While disabled: new events make no delivery; redelivery is refused.
    await issueKey(actor);
    await expect.poll(() => unhandledEvents(organization.id), POLL).toBe(0);
    const [failed] = await listWebhookDeliveries(organization.id, endpoint.id);
    await expect(redeliverWebhook(actor, endpoint.id, failed!.id)).rejects.toMatchObject({ code: "endpoint_disabled" });
    expect(await listWebhookDeliveries(organization.id, endpoint.id)).toHaveLength(1);

    // An admin enables it, the receiver is fixed, and redelivers: a fourth attempt, delivered, audited.
    target.answer = 204;
    await setWebhookEndpointEnabled(actor, endpoint.id, true);
    await redeliverWebhook(actor, endpoint.id, failed!.id);
    const delivery = () => getPrisma().webhookDelivery.findUniqueOrThrow({ where: { id: failed!.id } });
    await expect.poll(async () => (await delivery()).state, POLL).toBe("DELIVERED");
    const delivered = await delivery();
    expect(delivered!.attempts).toBe(4);
    expect(target.received).toHaveLength(4);
    expect(new Set(target.received.map((r) => r.id)).size).toBe(1);
    const actions = (await auditActions(organization.id)).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(["webhook.endpoint_enabled", "webhook.redelivered", "webhook.test_sent"]));
  });

  test("a redirect is not followed: it is a failed attempt", async () => {
    const { actor } = await createOrganizationActor();
    const elsewhere = await receiver();
    const target = await receiver(302);
    const { endpoint } = await endpointFor(actor, target, { allEvents: true });
    await sendTestWebhook(actor, endpoint.id);
    await expect.poll(async () => (await listWebhookDeliveries(actor.organizationId, endpoint.id))[0]?.attemptLog.length, POLL).toBeGreaterThanOrEqual(1);
    const [delivery] = await listWebhookDeliveries(actor.organizationId, endpoint.id);
    expect(delivery!.state).not.toBe("DELIVERED");
    expect(delivery!.lastStatusCode).toBe(302);
    expect(elsewhere.received).toHaveLength(0);
  });
});
