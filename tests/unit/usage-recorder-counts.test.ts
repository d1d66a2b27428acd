// What GET /api/metrics reads from the usage recorder: failed writes, requests
// dropped because the buffer was full, and each write's duration. The writer
// is the recorder's own injection point; it fails here on purpose, once.
import { expect, test } from "vitest";
import type { UsageBatch } from "@/lib/usage/usage-buffer";
import { UsageRecorder } from "@/lib/usage/usage-recorder";

test("counts failed writes and dropped requests, and reports every write's duration, failed or not", async () => {
  const writes: UsageBatch[] = [];
  const durations: number[] = [];
  let failNext = true;
  const recorder = new UsageRecorder({
    intervalMs: 3_600_000,
    maxEntries: 2,
    flushEarlyAt: 1_000,
    log: () => {},
    write: async (batch) => {
      if (failNext) {
        failNext = false;
        throw new Error("database away");
      }
      writes.push(batch);
    },
    observeWrite: (seconds) => durations.push(seconds),
  });
  const at = Date.now();
  for (const route of ["GET /a", "GET /b", "GET /c", "GET /c"]) recorder.record({ apiKeyId: "k", organizationId: "o", route, status: 200, durationMs: 1, at });
  expect(recorder.buffer.size).toBe(2);

  await expect(recorder.flush()).rejects.toThrow("database away");
  expect(recorder.failedWrites).toBe(1);
  expect(recorder.droppedRequests).toBe(2); // the two requests to GET /c found the buffer full
  expect(durations).toHaveLength(1);

  await recorder.close(); // retries at once, and succeeds
  expect(writes).toHaveLength(1);
  expect(recorder.failedWrites).toBe(1);
  expect(durations).toHaveLength(2);
  expect(durations.every((seconds) => seconds >= 0 && seconds < 60)).toBe(true);
});
