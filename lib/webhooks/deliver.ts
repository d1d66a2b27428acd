// The handler of `webhooks.deliver` jobs: one attempt of one delivery.
//
// The delivery's row decides whether the attempt is made, not the job: the
// claim is one UPDATE that moves the row from PENDING (with the attempts
// count the job expects) to SENDING, under a row lock taken with SKIP
// LOCKED. So a job that runs twice, or two instances that hold copies of it,
// make the attempt once. A row left SENDING by a worker that died (or an app
// that stopped mid-attempt) is taken over once its claim runs out, as a new
// attempt with the same webhook-id, so receivers see the event again and can
// drop the repeat.
//
// After the attempt, one transaction records it, and either marks the
// delivery delivered, or queues the next attempt on the retry schedule, or,
// past the schedule's end, fails it and disables an endpoint that has not
// succeeded since the delivery began (with an audit event by the system).
import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getPrisma } from "@/lib/db/prisma";
import { serverEnv } from "@/lib/env";
import { services } from "@/lib/runtime/services";
import type { DeliverJob } from "./deliver-job";
import { signingSecrets } from "./endpoint-secrets";
import { queueDeliveryAttempt } from "./queue-attempt";
import { retryDelayMs, scheduleSpanMs } from "./retry-schedule";
import { sendAttempt, type AttemptResult } from "./send-attempt";
import { signWebhook } from "./signing";

export type DeliveryOutcome = "delivered" | "retrying" | "failed" | "skipped" | "in-flight";

/** How much longer than the HTTP timeout a claim lasts before another worker may take it over. */
const CLAIM_MARGIN_MS = 5_000;
const INTERRUPTED = "Interrupted: the instance sending it stopped before the receiver answered.";

type Claim = { attempt: number; takenOver: number | null };

export async function deliverWebhook(job: DeliverJob): Promise<DeliveryOutcome> {
  const env = serverEnv();
  const claim = await claimAttempt(job, env.KEYWARD_WEBHOOK_TIMEOUT_MS + CLAIM_MARGIN_MS);
  if (!claim) return checkBack(job);

  const delivery = await getPrisma().webhookDelivery.findUniqueOrThrow({
    where: { id: job.deliveryId },
    select: { eventId: true, payload: true, endpoint: { select: { url: true, secretSealed: true, previousSecretSealed: true, previousSecretUntil: true } } },
  });
  const at = new Date();
  const body = JSON.stringify(delivery.payload);
  const secrets = signingSecrets(delivery.endpoint, at);
  const result: AttemptResult = secrets.length
    ? await sendAttempt({
        url: delivery.endpoint.url,
        headers: signWebhook(secrets, delivery.eventId, at, body),
        body,
        timeoutMs: env.KEYWARD_WEBHOOK_TIMEOUT_MS,
        allowPrivate: env.KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS,
      })
    : { statusCode: null, error: "The signing secret cannot be opened (AUTH_SECRET changed?): rotate the endpoint's secret.", latencyMs: 0, excerpt: null };
  const outcome = await recordOutcome(job.deliveryId, claim.attempt, at, result);
  if (outcome === "delivered" || outcome === "retrying" || outcome === "failed") services().metrics.countWebhookAttempt(outcome);
  return outcome;
}

/** Moves the row to SENDING for this attempt, or answers null when the attempt is not this job's to make. */
async function claimAttempt(job: DeliverJob, claimMs: number): Promise<Claim | null> {
  return getPrisma().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ attempts: number; previous_state: string; previous_attempts: number }[]>`
      WITH target AS (
        SELECT d.id, d.state::text AS previous_state, d.attempts AS previous_attempts
        FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.id = ${job.deliveryId}::uuid AND e.enabled
          AND ((d.state = 'PENDING' AND d.attempts = ${job.attempt - 1}) OR (d.state = 'SENDING' AND d.claimed_until < now()))
        FOR UPDATE OF d SKIP LOCKED
      )
      UPDATE webhook_deliveries d
      SET state = 'SENDING', attempts = d.attempts + 1, claimed_until = now() + ${claimMs} * interval '1 millisecond',
          last_attempt_at = now(), updated_at = now()
      FROM target WHERE d.id = target.id
      RETURNING d.attempts, target.previous_state, target.previous_attempts`;
    const row = rows[0];
    if (!row) return null;
    const takenOver = row.previous_state === "SENDING" ? row.previous_attempts : null;
    if (takenOver !== null) {
      await tx.webhookAttempt.createMany({
        data: [{ deliveryId: job.deliveryId, attempt: takenOver, startedAt: new Date(), error: INTERRUPTED, latencyMs: 0 }],
        skipDuplicates: true,
      });
    }
    return { attempt: row.attempts, takenOver };
  });
}

/**
 * Not this job's attempt. If another worker is mid-attempt, come back when its
 * claim runs out, so that if it died the delivery is taken over, not stuck.
 */
async function checkBack(job: DeliverJob): Promise<DeliveryOutcome> {
  const prisma = getPrisma();
  const row = await prisma.webhookDelivery.findUnique({ where: { id: job.deliveryId }, select: { state: true, claimedUntil: true } });
  if (row?.state !== "SENDING" || !row.claimedUntil) return "skipped";
  await prisma.$transaction((tx) => queueDeliveryAttempt(tx, job, new Date(row.claimedUntil!.getTime() + 1_000)));
  return "in-flight";
}

async function recordOutcome(deliveryId: string, attempt: number, startedAt: Date, result: AttemptResult): Promise<DeliveryOutcome> {
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const schedule = serverEnv().KEYWARD_WEBHOOK_RETRY_SCHEDULE;
  return getPrisma().$transaction(async (tx) => {
    // Locked, so a takeover cannot claim the row between this check and the update (its claim skips locked rows).
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM webhook_deliveries WHERE id = ${deliveryId}::uuid FOR UPDATE`;
    if (!locked.length) return "skipped"; // its endpoint was deleted meanwhile
    const attemptRow = { statusCode: result.statusCode, error: result.error, latencyMs: result.latencyMs, responseExcerpt: result.excerpt };
    // The real outcome replaces an "interrupted" row a takeover may have written meanwhile.
    await tx.webhookAttempt.upsert({
      where: { deliveryId_attempt: { deliveryId, attempt } },
      create: { deliveryId, attempt, startedAt, ...attemptRow },
      update: attemptRow,
    });
    const delivery = await tx.webhookDelivery.findUniqueOrThrow({
      where: { id: deliveryId },
      select: { state: true, attempts: true, retryStep: true, createdAt: true, eventId: true, eventType: true, organizationId: true, endpointId: true },
    });
    // Taken over meanwhile (this worker was presumed dead): the newer attempt owns the row.
    if (delivery.state !== "SENDING" || delivery.attempts !== attempt) return "skipped";

    const last = { lastStatusCode: result.statusCode, lastError: result.error, lastLatencyMs: result.latencyMs, lastResponseExcerpt: result.excerpt, claimedUntil: null };
    if (ok) {
      await tx.webhookDelivery.update({ where: { id: deliveryId }, data: { ...last, state: "DELIVERED", deliveredAt: new Date(), nextAttemptAt: null } });
      await tx.webhookEndpoint.update({ where: { id: delivery.endpointId }, data: { consecutiveFailures: 0, lastSuccessAt: new Date() } });
      return "delivered";
    }

    const endpoint = await tx.webhookEndpoint.update({
      where: { id: delivery.endpointId },
      data: { consecutiveFailures: { increment: 1 } },
      select: { enabled: true, lastSuccessAt: true, url: true },
    });
    const delay = retryDelayMs(schedule, delivery.retryStep);
    if (delay !== null) {
      const nextAttemptAt = new Date(Date.now() + delay);
      await tx.webhookDelivery.update({ where: { id: deliveryId }, data: { ...last, state: "PENDING", retryStep: { increment: 1 }, nextAttemptAt } });
      await queueDeliveryAttempt(tx, { deliveryId, attempt: attempt + 1 }, nextAttemptAt);
      return "retrying";
    }

    await tx.webhookDelivery.update({ where: { id: deliveryId }, data: { ...last, state: "FAILED", nextAttemptAt: null } });
    // Failing one event's whole schedule while others succeed is that event's problem, not a dead endpoint.
    const silentSinceDeliveryBegan = !endpoint.lastSuccessAt || endpoint.lastSuccessAt < delivery.createdAt;
    if (endpoint.enabled && silentSinceDeliveryBegan) {
      const hours = Math.round(scheduleSpanMs(schedule) / 360_000) / 10;
      const reason = `Every attempt of ${delivery.eventType} (${delivery.eventId}) failed over ${hours} hours, and the endpoint answered nothing else successfully meanwhile.`;
      await tx.webhookEndpoint.update({ where: { id: delivery.endpointId }, data: { enabled: false, disabledReason: reason, disabledAt: new Date() } });
      await recordAuditEvent(tx, {
        organizationId: delivery.organizationId,
        actor: { type: "system", label: "system (webhooks)" },
        action: "webhook.endpoint_disabled",
        target: { type: "webhook_endpoint", id: delivery.endpointId },
        metadata: { name: endpoint.url, reason, eventId: delivery.eventId },
      });
    }
    return "failed";
  });
}
