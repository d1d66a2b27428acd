// Applies prisma/migrations/*/migration.sql, keeping Prisma's own bookkeeping.
//
// Prisma's CLI cannot run its schema engine on Keyward's machines, so Keyward
// applies its migrations itself. It writes the same `_prisma_migrations` rows
// that `prisma migrate deploy` writes (same table, same SHA-256 checksums, same
// advisory lock), so that `prisma migrate status` and `deploy` agree with it
// wherever the engine is available.
//
// One deliberate difference: each migration runs inside a transaction, so a
// failing migration changes nothing. Its row is then kept with the error in
// `logs` and `rolled_back_at` set, which is what `prisma migrate resolve
// --rolled-back` would record, and is true: the next run applies it again.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

// The lock id `prisma migrate` takes, so the two never run concurrently.
const PRISMA_MIGRATE_LOCK_ID = 72707369;

export type MigrationResult = {
  applied: string[];
  alreadyApplied: string[];
};

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

type LocalMigration = { name: string; sql: string; checksum: string };
type MigrationRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

export function readLocalMigrations(dir: string): LocalMigration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function applyMigrations(
  databaseUrl: string,
  dir: string,
  log: (line: string) => void = () => {},
): Promise<MigrationResult> {
  const migrations = readLocalMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_ID]);
    await ensureBookkeepingTable(client);
    const rows = await readBookkeeping(client);
    const result: MigrationResult = { applied: [], alreadyApplied: [] };

    for (const migration of migrations) {
      const history = rows.filter((row) => row.migration_name === migration.name && row.rolled_back_at === null);
      const finished = history.find((row) => row.finished_at !== null);
      if (finished) {
        if (finished.checksum !== migration.checksum) {
          // Prisma warns rather than fails here; so do we, loudly.
          log(`warning: migration ${migration.name} was edited after it was applied (checksum differs).`);
        }
        result.alreadyApplied.push(migration.name);
        continue;
      }
      if (history.length > 0) {
        throw new MigrationError(
          `Migration ${migration.name} is recorded as started but never finished. ` +
            "Inspect the database, then mark it with `prisma migrate resolve`.",
          migration.name,
        );
      }
      await applyOne(client, migration);
      log(`Applied migration ${migration.name}`);
      result.applied.push(migration.name);
    }
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_ID]).catch(() => {});
    await client.end();
  }
}

async function applyOne(client: pg.Client, migration: LocalMigration) {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, migration.checksum, migration.name],
  );
  try {
    await client.query("BEGIN");
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2, rolled_back_at = now() WHERE id = $1`, [id, message]);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${message}`, migration.name);
  }
}

async function ensureBookkeepingTable(client: pg.Client) {
  // Exactly the table `prisma migrate` creates.
  await client.query(`
    CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum"            VARCHAR(64) NOT NULL,
      "finished_at"         TIMESTAMPTZ,
      "migration_name"      VARCHAR(255) NOT NULL,
      "logs"                TEXT,
      "rolled_back_at"      TIMESTAMPTZ,
      "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
}

async function readBookkeeping(client: pg.Client): Promise<MigrationRow[]> {
  const { rows } = await client.query<MigrationRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  return rows;
}
