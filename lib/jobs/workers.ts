// What an app server does with each queue's jobs (lib/jobs/queues.ts). Apart
// from the queue itself so that queueing a job (the CLI, a request) never
// loads the handlers and what they need.
import { deliverWebhook } from "@/lib/webhooks/deliver";
import { fanOutEvent } from "@/lib/webhooks/fan-out-event";
import { deliverEmail } from "@/lib/email/queue-email";
import { sendReviewDigests } from "@/lib/notices/send-review-digests";
import { sweepExpiryNotices } from "@/lib/notices/sweep-expiry-notices";
import type { JobHandlers } from "./job-queue";

export function jobHandlers(): JobHandlers {
  return {
    // Each event becomes one delivery per endpoint that listens for it.
    events: ({ data }) => fanOutEvent(data),
    "webhooks.deliver": ({ data }) => deliverWebhook(data),
    "email.send": ({ data }) => deliverEmail(data),
    "notices.sweep": () => sweepExpiryNotices(new Date()),
    "notices.digest": () => sendReviewDigests(new Date()),
  };
}
