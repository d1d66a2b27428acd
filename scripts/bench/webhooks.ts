// Webhook throughput: deliveries per second from the job queue to a local
// receiver, the way an app server's worker makes them (fan-out of each event,
// then one signed POST per delivery, each recorded), in the bench process.
// The events are queued first, then one worker drains them; the figure is
// deliveries / time from the worker's start to the last delivery recorded.
// The receiver runs in this process too, so it shares the CPU: the figure is
// a floor for what a separate receiver would see.
//
// Imported only after DATABASE_URL and the secrets are in process.env.
import http from "node:http";
import { performance } from "node:perf_hooks";
import os from "node:os";
import { getPrisma } from "../../lib/db/prisma";
import { emitEvent } from "../../lib/events/emit-event";
import { JobQueue } from "../../lib/jobs/job-queue";
import { jobHandlers } from "../../lib/jobs/workers";
import { createWebhookEndpoint } from "../../lib/webhooks/create-endpoint";
import type { KeyActor } from "../../lib/api-keys/actor";

export type WebhookThroughput = { events: number; deliveries: number; seconds: number; perSecond: number; load: string; receiverRequests: number };

export async function measureWebhookThroughput(databaseUrl: string, actor: KeyActor, events: number, checkpoint: () => void): Promise<WebhookThroughput> {
  let receiverRequests = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      receiverRequests++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as import("node:net").AddressInfo).port;
  const worker = new JobQueue({ connectionString: databaseUrl, worker: true });
  try {
    const { endpoint } = await createWebhookEndpoint(actor, { url: `http://127.0.0.1:${port}/bench`, allEvents: true });
    for (let sent = 0; sent < events; sent += 100) {
      checkpoint();
      await Promise.all(Array.from({ length: Math.min(100, events - sent) }, (_, n) => emitEvent({ type: "key.revoked", organizationId: actor.organizationId, data: { n: sent + n } })));
    }
    const load = os.loadavg().map((n) => n.toFixed(2)).join(", ");
    const started = performance.now();
    await worker.startWorkers(jobHandlers());
    let delivered = 0;
    while (delivered < events) {
      checkpoint();
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Only the bench's events (the bench key's own key.created goes to the endpoint too).
      delivered = await getPrisma().webhookDelivery.count({ where: { endpointId: endpoint.id, state: "DELIVERED", eventType: "key.revoked" } });
    }
    const seconds = (performance.now() - started) / 1000;
    return { events, deliveries: delivered, seconds, perSecond: delivered / seconds, load, receiverRequests };
  } finally {
    await worker.stop(5_000);
    await new Promise((resolve) => receiver.close(resolve));
  }
}

export function webhooksMarkdown(result: WebhookThroughput): string {
  return [
    "## Webhook throughput",
    "",
    `Measured on ${new Date().toISOString().slice(0, 10)} (\`BENCH_ONLY=webhooks npm run bench\`, scripts/bench/webhooks.ts): ${result.events} events queued,`,
    "then one worker (as an app server runs it) fans each out to one endpoint and POSTs it, signed, to a receiver on 127.0.0.1",
    "in the same process (so it shares the CPU), recording every attempt in PostgreSQL.",
    "",
    "| Events | Deliveries | Seconds | Deliveries/s | Receiver requests | Load average at start (1, 5, 15 min) |",
    "|---:|---:|---:|---:|---:|---|",
    `| ${result.events} | ${result.deliveries} | ${result.seconds.toFixed(1)} | ${result.perSecond.toFixed(0)} | ${result.receiverRequests} | ${result.load} |`,
    "",
    "Each delivery costs: the fan-out's transaction (shared by the event's endpoints), a claim (one UPDATE), the POST, and the",
    "outcome's transaction (the attempt row, the delivery, the endpoint). The machine is 2 shared cores; other work ran beside it.",
  ].join("\n");
}
