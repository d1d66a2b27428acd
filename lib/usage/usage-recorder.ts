// The process's usage recorder: requests go into a bounded in-memory buffer
// (usage-buffer.ts) and a timer writes it out every 2 seconds, or sooner when
// it fills up. Failed writes are retried with backoff; on graceful shutdown
// the buffer is flushed one last time (lib/runtime/shutdown.ts).
import { serverEnv } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { services } from "@/lib/runtime/services";
import { UsageBuffer, type UsageEvent } from "./usage-buffer";
import { writeUsageBatch } from "./write-usage";

/** Distinct roll-ups held at most (≈ 200 bytes each). */
export const MAX_BUFFERED_ROLLUPS = 100_000;
/** Flush before the timer once this many roll-ups are waiting. */
const FLUSH_EARLY_AT = 10_000;
const RETRY_MS = [1_000, 2_000, 5_000, 10_000];

type Options = {
  intervalMs: number;
  maxEntries: number;
  flushEarlyAt: number;
  log: (line: string) => void;
  write: typeof writeUsageBatch;
  /** Called with each database write's duration, whether it succeeded or not (GET /api/metrics). */
  observeWrite?: (seconds: number) => void;
};

export class UsageRecorder {
  readonly buffer: UsageBuffer;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private failures = 0;
  private nextAttemptAt = 0;
  /** Successful database writes (one transaction each), for the benchmark and tests. */
  writes = 0;
  /** Since start, for GET /api/metrics: writes that failed, and requests left out of the figures because the buffer was full. */
  failedWrites = 0;
  droppedRequests = 0;

  constructor(private readonly options: Options) {
    this.buffer = new UsageBuffer(options.maxEntries);
  }

  start() {
    this.timer ??= setInterval(() => void this.flush().catch(() => {}), this.options.intervalMs);
    this.timer.unref();
    return this;
  }

  record(event: UsageEvent) {
    this.buffer.record(event);
    if (this.buffer.size >= this.options.flushEarlyAt && !this.flushing && Date.now() >= this.nextAttemptAt) void this.flush().catch(() => {});
  }

  /** Writes what is buffered. Concurrent calls share one write. Rejects if the write fails (the data is kept). */
  flush(): Promise<void> {
    this.flushing ??= this.writeOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async writeOnce() {
    if (Date.now() < this.nextAttemptAt) return;
    const { dropped, ...batch } = this.buffer.take();
    this.droppedRequests += dropped;
    if (dropped) this.options.log(`[keyward] Usage buffer was full: dropped ${dropped} request${dropped === 1 ? "" : "s"} from the usage figures.`);
    if (batch.rollups.length === 0 && batch.lastUsed.size === 0) return;
    const started = performance.now();
    try {
      await this.options.write(batch);
      this.writes++;
      if (this.failures) this.options.log(`[keyward] Usage is being written again after ${this.failures} failed attempt${this.failures === 1 ? "" : "s"}.`);
      this.failures = 0;
      this.nextAttemptAt = 0;
    } catch (error) {
      this.failedWrites++;
      this.buffer.restore(batch);
      const delay = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)]!;
      this.failures++;
      this.nextAttemptAt = Date.now() + delay;
      if (this.failures === 1) this.options.log(`[keyward] Could not write usage (${(error as Error).message}); keeping it in memory and retrying.`);
      throw error;
    } finally {
      this.options.observeWrite?.((performance.now() - started) / 1000);
    }
  }

  /** Stops the timer and writes what is left, retrying for up to `timeoutMs`. */
  async close(timeoutMs = 10_000) {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.size > 0 || this.flushing) {
      this.nextAttemptAt = 0;
      try {
        await this.flush();
      } catch {
        if (Date.now() > deadline) {
          this.options.log(`[keyward] Gave up writing usage at shutdown: ${this.buffer.size} roll-ups lost.`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}

/** A recorder flushing every KEYWARD_USAGE_FLUSH_MS (2 s by default; tests use a long one to see the shutdown flush alone). */
export function createUsageRecorder(observeWrite?: (seconds: number) => void): UsageRecorder {
  return new UsageRecorder({
    intervalMs: serverEnv().KEYWARD_USAGE_FLUSH_MS,
    maxEntries: MAX_BUFFERED_ROLLUPS,
    flushEarlyAt: FLUSH_EARLY_AT,
    log: (line) => logger().warn(line),
    write: writeUsageBatch,
    observeWrite,
  }).start();
}

/** This process's recorder (lib/runtime/services.ts), started on first use. */
export function usageRecorder(): UsageRecorder {
  return services().usageRecorder;
}
