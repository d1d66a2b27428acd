// lib/db/migrator.ts against real databases: what it applies, what it records
// in _prisma_migrations, and when it refuses.
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, test } from "vitest";
import { applyMigrations, MigrationError, readLocalMigrations } from "../../lib/db/migrator";
import { migrationsDir } from "../../lib/paths";
import { createTestDatabase } from "../support/test-database";

const INIT = "20261123000000_init";
const LATER = "29990101000000_add_thing";
const LOCAL_NAMES = readLocalMigrations(migrationsDir()).map((migration) => migration.name);

type BookkeepingRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
};

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of prisma/migrations that a test may add to or edit. */
function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "keyward-migrations-"));
  tempDirs.push(dir);
  cpSync(migrationsDir(), dir, { recursive: true });
  return dir;
}

function writeMigration(dir: string, name: string, sql: string) {
  mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

function bookkeeping(url: string) {
  return query<BookkeepingRow>(
    url,
    `SELECT migration_name, checksum, finished_at, rolled_back_at, logs, applied_steps_count
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const [row] = await query<{ exists: boolean }>(url, `SELECT to_regclass($1) IS NOT NULL AS exists`, [`public.${table}`]);
  return row!.exists;
}

test("a fresh database gets every migration, recorded as Prisma records it", async () => {
  const db = await createTestDatabase({ migrated: false });
  const result = await applyMigrations(db.url, migrationsDir());

  expect(LOCAL_NAMES).toContain(INIT);
  expect(result).toEqual({ applied: LOCAL_NAMES, alreadyApplied: [] });
  expect(await tableExists(db.url, "users")).toBe(true);

  const rows = await bookkeeping(db.url);
  expect(rows.map((row) => row.migration_name)).toEqual(LOCAL_NAMES);
  for (const row of rows) {
    const file = readFileSync(path.join(migrationsDir(), row.migration_name, "migration.sql"));
    expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.rolled_back_at).toBeNull();
    expect(row.logs).toBeNull();
    expect(row.applied_steps_count).toBe(1);
  }
});

test("a second run applies nothing", async () => {
  const db = await createTestDatabase({ migrated: false });
  await applyMigrations(db.url, migrationsDir());
  const before = await bookkeeping(db.url);

  expect(await applyMigrations(db.url, migrationsDir())).toEqual({ applied: [], alreadyApplied: LOCAL_NAMES });
  expect(await bookkeeping(db.url)).toEqual(before);
});

test("a migration added later is the only one applied", async () => {
  const db = await createTestDatabase(); // already has the init migration
  const dir = copyOfMigrations();
  writeMigration(dir, LATER, `CREATE TABLE "things" ("id" INTEGER PRIMARY KEY);`);

  expect(await applyMigrations(db.url, dir)).toEqual({ applied: [LATER], alreadyApplied: LOCAL_NAMES });
  expect(await tableExists(db.url, "things")).toBe(true);
  const rows = await bookkeeping(db.url);
  expect(rows.filter((row) => row.migration_name === LATER)).toHaveLength(1);
  expect(rows.find((row) => row.migration_name === LATER)!.finished_at).toBeInstanceOf(Date);
});

test("a failing migration changes nothing, is recorded as rolled back, and runs again once fixed", async () => {
  const db = await createTestDatabase();
  const dir = copyOfMigrations();
  writeMigration(dir, LATER, `CREATE TABLE "half_done" ("id" INTEGER);\nSELECT * FROM "no_such_table";`);

  const failure = await applyMigrations(db.url, dir).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(MigrationError);
  expect((failure as MigrationError).migration).toBe(LATER);
  expect((failure as MigrationError).message).toContain('relation "no_such_table" does not exist');

  // The statement before the error ran in the same transaction: gone too.
  expect(await tableExists(db.url, "half_done")).toBe(false);
  const [failed, ...others] = (await bookkeeping(db.url)).filter((row) => row.migration_name === LATER);
  expect(others).toEqual([]);
  expect(failed!.logs).toContain('relation "no_such_table" does not exist');
  expect(failed!.rolled_back_at).toBeInstanceOf(Date);
  expect(failed!.finished_at).toBeNull();

  writeMigration(dir, LATER, `CREATE TABLE "half_done" ("id" INTEGER);`);
  expect(await applyMigrations(db.url, dir)).toEqual({ applied: [LATER], alreadyApplied: LOCAL_NAMES });
  expect(await tableExists(db.url, "half_done")).toBe(true);
  const history = (await bookkeeping(db.url)).filter((row) => row.migration_name === LATER);
  expect(history.map((row) => [row.rolled_back_at === null, row.finished_at === null])).toEqual([
    [false, true], // the failed attempt
    [true, false], // the successful one
  ]);
});

test("editing an applied migration gives a warning, not a re-run", async () => {
  const db = await createTestDatabase();
  const dir = copyOfMigrations();
  appendFileSync(path.join(dir, INIT, "migration.sql"), "\n-- edited after it was applied\n");

  const lines: string[] = [];
  expect(await applyMigrations(db.url, dir, (line) => lines.push(line))).toEqual({
    applied: [],
    alreadyApplied: LOCAL_NAMES,
  });
  expect(lines).toEqual([expect.stringMatching(new RegExp(`^warning: migration ${INIT} was edited`))]);
});

test("a migration started but never finished makes it refuse", async () => {
  const db = await createTestDatabase();
  const dir = copyOfMigrations();
  writeMigration(dir, LATER, `CREATE TABLE "things" ("id" INTEGER PRIMARY KEY);`);
  await query(
    db.url,
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ('00000000-0000-4000-8000-000000000001', $1, $2, now(), 0)`,
    ["0".repeat(64), LATER],
  );

  const refusal = applyMigrations(db.url, dir);
  await expect(refusal).rejects.toBeInstanceOf(MigrationError);
  await expect(refusal).rejects.toThrow(`Migration ${LATER} is recorded as started but never finished`);
  expect(await tableExists(db.url, "things")).toBe(false);
});

test("two concurrent runs on one empty database apply each migration exactly once", async () => {
  const db = await createTestDatabase({ migrated: false });
  const dir = copyOfMigrations();
  writeMigration(dir, LATER, `CREATE TABLE "things" ("id" INTEGER PRIMARY KEY);`);
  const names = [...LOCAL_NAMES, LATER];

  const [first, second] = await Promise.all([applyMigrations(db.url, dir), applyMigrations(db.url, dir)]);

  expect([...first.applied, ...second.applied].sort()).toEqual(names);
  // The lock serialises them: one run did everything, the other found it done.
  expect([first.applied.length, second.applied.length].sort()).toEqual([0, names.length]);
  const rows = await bookkeeping(db.url);
  expect(rows.map((row) => row.migration_name).sort()).toEqual(names);
  expect(rows.every((row) => row.finished_at !== null && row.rolled_back_at === null)).toBe(true);
});
