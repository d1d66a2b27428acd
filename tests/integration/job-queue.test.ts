// The durable job queue (lib/jobs/job-queue.ts) on real PostgreSQL: its schema
// is the migration's and matches the installed pg-boss, a job sent in a
// transaction exists only if that transaction commits, and two instances
// working one queue handle each job once.
import { afterAll, describe, expect, test } from "vitest";
import PgBoss from "pg-boss";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { getPrisma } from "@/lib/db/prisma";
import { newEvent } from "@/lib/events/emit-event";
import { JobQueue } from "@/lib/jobs/job-queue";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();
const queues: JobQueue[] = [];
function queue(worker = false) {
  const created = new JobQueue({ connectionString: db.url, worker });
  queues.push(created);
  return created;
}
afterAll(() => Promise.all(queues.map((q) => q.stop(1_000))));

const ORG = "00000000-0000-4000-8000-00000000000a";
const event = (n: number) => newEvent({ type: "key.revoked", organizationId: ORG, data: { n } });

async function jobCount(): Promise<number> {
  const rows = await getPrisma().$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) AS count FROM pgboss.job WHERE name = 'events'`);
  return Number(rows[0]!.count);
}

describe("the job queue", () => {
  test("its schema is the version the installed pg-boss needs (upgrading pg-boss needs a migration)", async () => {
    const rows = await getPrisma().$queryRawUnsafe<{ version: number }[]>(`SELECT version FROM pgboss.version`);
    const require = createRequire(import.meta.url);
    const expected = JSON.parse(readFileSync(require.resolve("pg-boss/version.json"), "utf8")).schema;
    expect(rows.map((row) => Number(row.version)), "write a migration from PgBoss.getMigrationPlans('pgboss', <old version>)").toEqual([expected]);
    // And pg-boss itself, started without migrating, accepts it.
    await expect(queue().ready()).resolves.toBeUndefined();
  });

  test("a job sent in a transaction exists only if the transaction commits", async () => {
    const jobs = queue();
    const before = await jobCount();
    await getPrisma()
      .$transaction(async (tx) => {
        await jobs.send("events", event(1), {}, tx);
        throw new Error("the change failed");
      })
      .catch(() => {});
    expect(await jobCount()).toBe(before);

    await getPrisma().$transaction(async (tx) => {
      await jobs.send("events", event(2), {}, tx);
    });
    expect(await jobCount()).toBe(before + 1);
  });

  test("a job's data is checked when it is sent: a malformed event is refused, nothing queued", async () => {
    const jobs = queue();
    const before = await jobCount();
    await expect(jobs.send("events", { ...event(3), type: "key.exploded" } as never)).rejects.toThrow();
    expect(await jobCount()).toBe(before);
  });

  test("two instances working one queue handle each of 60 jobs exactly once", async () => {
    const sender = queue();
    await sender.ready();
    await sender.pgBoss.purgeQueue("events");
    const seen: string[] = [];
    const handler = async ({ data }: { data: { id: string } }) => {
      seen.push(data.id);
    };
    const sent = await Promise.all(Array.from({ length: 60 }, (_, n) => sender.send("events", event(n)).then(() => n)));
    const [a, b] = [queue(true), queue(true)];
    await Promise.all([a.startWorkers({ events: handler }), b.startWorkers({ events: handler })]);
    await expect.poll(() => seen.length, { timeout: 20_000, interval: 200 }).toBeGreaterThanOrEqual(sent.length);
    expect(new Set(seen).size).toBe(sent.length);
    expect(seen.length).toBe(sent.length);
  });

  test("stop() is safe on a queue that never started, and PgBoss is what it wraps", async () => {
    await expect(queue().stop()).resolves.toBeUndefined();
    expect(queue().pgBoss).toBeInstanceOf(PgBoss);
  });
});
