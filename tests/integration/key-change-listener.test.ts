// The key change listener trusts its LISTEN only once a probe sent the way
// invalidations travel has come back (lib/api-keys/key-change-listener.ts).
// A probe that never arrives is what a transaction pooler in between looks
// like (tests/system/pgbouncer.test.ts has the real PgBouncer); here the probe
// is sent to another database, where no NOTIFY can reach the listener either.
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { KEY_CHANGE_CHANNEL } from "@/lib/api-keys/invalidate-keys";
import { KeyChangeListener } from "@/lib/api-keys/key-change-listener";
import { createTestDatabase } from "../support/test-database";

const [db, elsewhere] = await Promise.all([createTestDatabase(), createTestDatabase({ migrated: false })]);
const pools = [new pg.Pool({ connectionString: db.url, max: 2 }), new pg.Pool({ connectionString: elsewhere.url, max: 2 })];
afterAll(() => Promise.all(pools.map((pool) => pool.end())));

const notifyThrough = (pool: pg.Pool) => (payload: string) => pool.query("SELECT pg_notify($1, $2)", [KEY_CHANGE_CHANNEL, payload]);

function recordingTarget() {
  const target = { enabled: [] as boolean[], invalidated: [] as string[], setEnabled: (on: boolean) => target.enabled.push(on), invalidate: (hash: string) => target.invalidated.push(hash) };
  return target;
}

describe("KeyChangeListener's probe", () => {
  test("arrives on a direct connection: listening, the cache on, and the probe is not taken for a key", async () => {
    const target = recordingTarget();
    const logs: string[] = [];
    const listener = new KeyChangeListener(db.url, target, (line) => logs.push(line), notifyThrough(pools[0]!)).start();
    try {
      await listener.ready;
      expect(listener.state).toBe("listening");
      expect(target.enabled).toEqual([true]);
      await notifyThrough(pools[0]!)("ab12");
      await expect.poll(() => target.invalidated, { timeout: 5_000 }).toEqual(["ab12"]);
      expect(logs).toEqual([]);
    } finally {
      await listener.stop();
    }
  });

  test("never arrives: not-receiving, the cache stays off, and the log names DATABASE_DIRECT_URL once", async () => {
    const target = recordingTarget();
    const logs: string[] = [];
    const listener = new KeyChangeListener(db.url, target, (line) => logs.push(line), notifyThrough(pools[1]!)).start();
    try {
      await listener.ready; // after the probe's 5 s
      expect(listener.state).toBe("not-receiving");
      expect(target.enabled).not.toContain(true);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toContain("set DATABASE_DIRECT_URL");
    } finally {
      await listener.stop();
    }
  }, 20_000);
});
