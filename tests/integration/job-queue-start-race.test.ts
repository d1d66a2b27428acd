// Two app instances starting at once on a database whose queues do not exist
// yet (a new deployment, or an upgrade that adds queues) both create them.
// pg-boss's queue creation alters its partitioned job table, and two of those
// at once deadlocked: PostgreSQL aborted one instance's start with "deadlock
// detected" (seen in every one of six tries before the fix).
import { expect, test } from "vitest";
import { JobQueue } from "@/lib/jobs/job-queue";
import { QUEUES } from "@/lib/jobs/queues";
import { applyMigrations } from "@/lib/db/migrator";
import { migrationsDir } from "@/lib/paths";
import { createTestDatabase } from "../support/test-database";

test("two instances creating every queue at once both start, and each queue exists once", async () => {
  for (let round = 0; round < 4; round++) {
    // Migrated, but without the queues the test template has (installJobQueues):
    // what a database migrated by an older release looks like.
    const db = await createTestDatabase({ migrated: false });
    await applyMigrations(db.url, migrationsDir());
    const queues = [1, 2].map(() => new JobQueue({ connectionString: db.url, worker: true }));
    try {
      const started = await Promise.allSettled(queues.map((queue) => queue.ready()));
      expect(started.map((result) => (result.status === "rejected" ? String(result.reason) : "started"))).toEqual(["started", "started"]);
      // (pg-boss's own cron queue, __pgboss__send-it, aside.)
      const names = (await queues[0]!.pgBoss.getQueues()).map((queue) => queue.name).filter((name) => !name.startsWith("__pgboss")).sort();
      expect(names).toEqual(Object.keys(QUEUES).sort());
    } finally {
      await Promise.all(queues.map((queue) => queue.stop(500)));
    }
  }
}, 180_000);
