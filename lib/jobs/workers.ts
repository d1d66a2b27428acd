// What an app server does with each queue's jobs (lib/jobs/queues.ts). Apart
// from the queue itself so that queueing a job (the CLI, a request) never
// loads the handlers and what they need.
import type { JobHandlers } from "./job-queue";

export function jobHandlers(): JobHandlers {
  return {};
}
