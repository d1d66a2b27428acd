// bcrypt off the event loop, with a bounded queue.
//
// bcryptjs is pure JavaScript: a cost-12 hash keeps a thread busy for about a
// quarter of a second. On the event loop, a flood of sign-ins (even for
// unknown emails, which are hashed too, to hide who has an account) starved
// every other request: 60 concurrent attempts stalled /api/v1 for 10 s and
// timed out the database pool (issue 9). So hashing runs in a few worker
// threads, and when their queue is full the attempt is refused at once with a
// 503 and Retry-After instead of piling up.
import { Worker } from "node:worker_threads";
import { serverEnv } from "@/lib/env";
import { ServiceUnavailableError } from "@/lib/errors";
import { services } from "@/lib/runtime/services";

type Job = { op: "hash"; password: string; cost: number } | { op: "compare"; password: string; hash: string };
type Pending = { job: Job; resolve: (value: unknown) => void; reject: (error: Error) => void };

// Evaluated rather than loaded from a file, so that Next's server bundle has
// no worker file to trace or copy; bcryptjs resolves from the app's node_modules.
// Each worker lowers its own thread's priority (Linux priorities are per
// thread), so that on a saturated CPU the event loop serving /api/v1 goes first.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
try { require("node:os").setPriority(10); } catch {}
const bcrypt = require("bcryptjs");
parentPort.on("message", (job) => {
  try {
    parentPort.postMessage({ result: job.op === "hash" ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash) });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
});`;

/** Seconds a refused caller is told to wait: about what the queue takes to drain. */
const RETRY_AFTER_SECONDS = 2;

export class PasswordPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private readonly queue: Pending[] = [];
  private started = 0;

  constructor(
    readonly size: number,
    readonly maxQueued: number,
  ) {}

  /** True when a new job would be refused: every worker busy and the queue full. */
  get saturated(): boolean {
    return this.busy.size >= this.size && this.queue.length >= this.maxQueued;
  }

  run<T>(job: Job): Promise<T> {
    if (this.saturated) {
      return Promise.reject(new ServiceUnavailableError("busy", "Too many sign-ins are being checked right now. Try again in a few seconds.", RETRY_AFTER_SECONDS));
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ job, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops the workers (tests, shutdown). Queued jobs are refused. */
  async close() {
    for (const pending of this.queue.splice(0)) pending.reject(new Error("password pool closed"));
    await Promise.all([...this.idle.splice(0), ...this.busy].map((worker) => worker.terminate()));
    this.busy.clear();
    this.started = 0;
  }

  private dispatch() {
    while (this.queue.length) {
      const worker = this.idle.pop() ?? (this.started < this.size ? this.spawn() : null);
      if (!worker) return;
      const pending = this.queue.shift()!;
      this.busy.add(worker);
      const finish = (outcome: { result?: unknown; error?: string }) => {
        worker.off("message", finish);
        worker.off("error", fail);
        this.busy.delete(worker);
        this.idle.push(worker);
        if (outcome.error !== undefined) pending.reject(new Error(outcome.error));
        else pending.resolve(outcome.result);
        this.dispatch();
      };
      const fail = (error: Error) => {
        // The worker died: drop it, fail this job, and let a new worker take the next.
        worker.off("message", finish);
        this.busy.delete(worker);
        this.started--;
        pending.reject(error);
        this.dispatch();
      };
      worker.on("message", finish);
      worker.once("error", fail);
      worker.postMessage(pending.job);
    }
  }

  private spawn(): Worker {
    this.started++;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref(); // idle workers never keep a process (the CLI, a test) alive
    return worker;
  }
}

/**
 * A pool of KEYWARD_PASSWORD_WORKERS threads (by default one per core but
 * one: the event loop keeps a core for API traffic), and a queue of 4 checks
 * per worker, a second or so.
 */
export function createPasswordPool(): PasswordPool {
  const size = serverEnv().KEYWARD_PASSWORD_WORKERS;
  return new PasswordPool(size, size * 4);
}

/** The process's pool (lib/runtime/services.ts). */
export function passwordPool(): PasswordPool {
  return services().passwordPool;
}
