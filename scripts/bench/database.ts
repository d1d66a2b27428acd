// The bench's PostgreSQL and the rows it puts there.
//
// Without DATABASE_URL it runs its own embedded server (.keyward/bench/postgres,
// port 54410, database keyward_bench), so it never touches the app's data and
// can simply delete it all afterwards. With DATABASE_URL it uses that
// server and removes exactly the rows it added: everything hangs off one
// organization and one user with recognizable names, which also lets a later
// run clear what an interrupted one left behind.
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { acquireEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrator";
import { migrationsDir, stateDir } from "../../lib/paths";
import type { Shutdown } from "./shutdown";

export const EMBEDDED_PORT = 54410;
const EMBEDDED_DATABASE = "keyward_bench";
export const BENCH_EMAIL_DOMAIN = "bench.keyward.invalid";
export const BENCH_SLUG_PREFIX = "keyward-bench-";

export type BenchDatabase = { url: string; description: string };

/** Acquires the database, starts it from no bench data, migrates it, and registers the clean-up. */
export async function setUpDatabase(shutdown: Shutdown, log: (line: string) => void): Promise<BenchDatabase> {
  const configured = process.env.DATABASE_URL?.trim();
  let database: BenchDatabase;
  if (configured) {
    database = { url: configured, description: `DATABASE_URL (${describeUrl(configured)})` };
    log(`Using DATABASE_URL: the bench adds up to 1,000,000 rows to api_keys under a "${BENCH_SLUG_PREFIX}…" organization and deletes them at the end.`);
    await removeBenchRows(database.url);
    shutdown.add("remove the bench rows", async () => {
      log("Removing the bench rows…");
      await removeBenchRows(database.url);
    });
  } else {
    const dir = path.join(stateDir(), "postgres");
    const embedded = await acquireEmbeddedPostgres({ role: "app", dir, port: EMBEDDED_PORT, database: EMBEDDED_DATABASE, log });
    shutdown.add("stop the embedded PostgreSQL and delete its files", async () => {
      await embedded.release();
      // Even with its database dropped, the cluster keeps ~1 GB of WAL from the fill for reuse; a new one takes a second.
      if (embedded.owned) rmSync(dir, { recursive: true, force: true });
    });
    if (!embedded.owned) log("That embedded PostgreSQL was already running; it is left running afterwards.");
    database = { url: embedded.url, description: `embedded PostgreSQL, 127.0.0.1:${EMBEDDED_PORT}/${EMBEDDED_DATABASE}` };
    // A fresh database each run: an interrupted run may have left a million rows behind.
    await recreateDatabase(database.url);
    shutdown.add("drop the bench database", () => dropDatabase(database.url));
  }
  await applyMigrations(database.url, migrationsDir(), log);
  return database;
}

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: "keyward-bench" });
  await client.connect();
  return client;
}

export async function serverVersion(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
  return rows[0]!.server_version;
}

export type FillResult = { rows: number; inserted: number; seconds: number; tableMb: number; hashIndexMb: number };

/**
 * Tops api_keys up to `target` rows with random 32-byte hashes in one
 * INSERT … SELECT (no round trips per row), then VACUUM ANALYZE (the planner
 * sees the real size, and autovacuum has no reason to wake up mid-measurement)
 * and a CHECKPOINT.
 * If the bench is interrupted meanwhile, the statement is cancelled, so the
 * clean-up does not wait for a million rows to finish.
 */
export async function fillKeys(
  client: pg.Client,
  owner: { organizationId: string; userId: string },
  target: number,
  shutdown: Shutdown,
  url: string,
): Promise<FillResult> {
  const started = performance.now();
  const missing = Math.max(0, target - (await countKeys(client)));
  if (missing > 0) {
    const backendPid = await backendPidOf(client);
    const forgetCancel = shutdown.add("cancel the fill", () => cancelBackend(url, backendPid));
    await client.query(
      `INSERT INTO api_keys (id, lineage_id, organization_id, created_by_id, name, environment, hash, hint, scopes, updated_at)
       SELECT gen_random_uuid(), gen_random_uuid(), $1::uuid, $2::uuid, 'bench filler ' || n, 'TEST',
              decode(md5(random()::text) || md5(random()::text), 'hex'), 'bench', '{}', now()
       FROM generate_series(1, $3::int) AS n`,
      [owner.organizationId, owner.userId, missing],
    );
    forgetCancel();
    await client.query("VACUUM (ANALYZE) api_keys");
    // Flush the fill's dirty pages now; otherwise the checkpointer writes them during the first rounds.
    await client.query("CHECKPOINT").catch(() => {}); // needs superuser or pg_checkpoint: skipped where not granted
  }
  const sizes = await client.query<{ table_bytes: string; index_bytes: string }>(
    `SELECT pg_total_relation_size('api_keys') AS table_bytes, pg_relation_size('api_keys_hash_key') AS index_bytes`,
  );
  const mb = (bytes: string) => Number(bytes) / 1024 / 1024;
  return {
    rows: await countKeys(client),
    inserted: missing,
    seconds: (performance.now() - started) / 1000,
    tableMb: mb(sizes.rows[0]!.table_bytes),
    hashIndexMb: mb(sizes.rows[0]!.index_bytes),
  };
}

async function countKeys(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ count: string }>("SELECT count(*) FROM api_keys");
  return Number(rows[0]!.count);
}

async function backendPidOf(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  return rows[0]!.pid;
}

/** Cancels the statement a backend is running, from a second connection. */
async function cancelBackend(url: string, pid: number) {
  const client = await connect(url);
  try {
    await client.query("SELECT pg_cancel_backend($1)", [pid]);
  } finally {
    await client.end();
  }
}

/** Removes the bench's organizations (their keys, memberships and audit events cascade), then its users. */
async function removeBenchRows(url: string) {
  const client = await connect(url);
  try {
    // Without the schema (a database never migrated) there is nothing to remove.
    const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass('organizations') IS NOT NULL AS exists");
    if (!rows[0]!.exists) return;
    await client.query("DELETE FROM organizations WHERE slug LIKE $1", [`${BENCH_SLUG_PREFIX}%`]);
    await client.query("DELETE FROM users WHERE email LIKE $1", [`%@${BENCH_EMAIL_DOMAIN}`]);
  } finally {
    await client.end();
  }
}

async function recreateDatabase(url: string) {
  await withMaintenanceClient(url, async (client, name) => {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  });
}

async function dropDatabase(url: string) {
  await withMaintenanceClient(url, async (client, name) => {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

/** A connection to the server's `postgres` database, for creating and dropping the one in `url`. */
async function withMaintenanceClient(url: string, work: (client: pg.Client, database: string) => Promise<void>) {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.slice(1));
  parsed.pathname = "/postgres";
  const client = await connect(parsed.toString());
  try {
    await work(client, database);
  } finally {
    await client.end();
  }
}

/** host:port/database, without credentials, for the results file. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "unparsable URL";
  }
}
