// What an app server does with each queue's jobs (lib/jobs/queues.ts). Apart
// from the queue itself so that queueing a job (the CLI, a request) never
// loads the handlers and what they need.
import { deliverWebhook } from "@/lib/webhooks/deliver";
import { fanOutEvent } from "@/lib/webhooks/fan-out-event";
import type { JobHandlers } from "./job-queue";

export function jobHandlers(): JobHandlers {
  return {
    // Each event becomes one delivery per endpoint that listens for it.
    events: ({ data }) => fanOutEvent(data),
    "webhooks.deliver": ({ data }) => deliverWebhook(data),
  };
}
