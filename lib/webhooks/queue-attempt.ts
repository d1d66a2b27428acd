// Queueing one attempt of a delivery on the job queue, inside the caller's
// transaction: the attempt exists if and only if the state that calls for it
// (a new delivery, a failure with retries left, a redelivery) is committed.
import "server-only";
import type { Tx } from "@/lib/db/prisma";
import { serverEnv } from "@/lib/env";
import { services } from "@/lib/runtime/services";
import type { DeliverJob } from "./deliver-job";

/**
 * How long a worker may hold an attempt's job before pg-boss hands it to
 * another: a little over the HTTP timeout, so a worker that died mid-attempt
 * is noticed soon, and a live one is never overtaken while it still waits.
 */
export function attemptExpirySeconds(): number {
  return Math.ceil(serverEnv().KEYWARD_WEBHOOK_TIMEOUT_MS / 1000) + 15;
}

export async function queueDeliveryAttempt(tx: Tx, job: DeliverJob, startAfter?: Date): Promise<void> {
  await services().jobs.send("webhooks.deliver", job, { expireInSeconds: attemptExpirySeconds(), ...(startAfter ? { startAfter } : {}) }, tx);
}
