// Databases as an older release left them, for the upgrade tests: the
// migrations up to a point, each followed by its fixture rows
// (tests/fixtures/upgrades/<migration>/seed.sql, see the README there), and a
// way to tell whether upgrading lost or changed any of those rows.
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { generateApiKey, keyHint } from "@/lib/api-keys/key-format";
import { hashApiKey, hashToHex } from "@/lib/api-keys/hash-key";
import { applyMigrations, readLocalMigrations } from "@/lib/db/migrator";
import { migrationsDir } from "@/lib/paths";
import { withAdmin } from "./database-admin";

export const UPGRADE_FIXTURES = path.resolve(import.meta.dirname, "../fixtures/upgrades");

export const migrationNames = () => readLocalMigrations(migrationsDir()).map((migration) => migration.name);

/** A migrations folder holding only the first `count` migrations: the schema an older release shipped. */
export function migrationsUpTo(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "keyward-release-"));
  for (const name of migrationNames().slice(0, count)) cpSync(path.join(migrationsDir(), name), path.join(dir, name), { recursive: true });
  return dir;
}

/** The API keys the seeds stand for: generated once per run, so the test can present the secret. */
export class SeedKeys {
  private readonly secrets = new Map<string, string>();
  constructor(private readonly pepper: string) {}

  secret(name: string): string {
    let secret = this.secrets.get(name);
    if (!secret) this.secrets.set(name, (secret = generateApiKey("kw", name.endsWith("_test") ? "TEST" : "LIVE")));
    return secret;
  }

  /** The seed's SQL with {{key:NAME:hash}} and {{key:NAME:hint}} filled in. */
  fill(sql: string): string {
    return sql.replace(/\{\{key:(\w+):(hash|hint)\}\}/g, (_, name: string, part: string) =>
      part === "hash" ? `'\\x${hashToHex(hashApiKey(this.secret(name), this.pepper))}'::bytea` : pg.escapeLiteral(keyHint(this.secret(name))),
    );
  }
}

export const fixtureFile = (migration: string, file: "seed.sql" | "checks.sql") => path.join(UPGRADE_FIXTURES, migration, file);

/** Migrates the (empty) database to the first `count` migrations, seeding after each one as that release would have written. */
export async function buildReleaseDatabase(url: string, count: number, keys: SeedKeys) {
  const names = migrationNames().slice(0, count);
  await withAdmin(url, async (client) => {
    for (const [index, name] of names.entries()) {
      await applyMigrations(url, migrationsUpTo(index + 1));
      await client.query(keys.fill(readFileSync(fixtureFile(name, "seed.sql"), "utf8")));
    }
  });
}

/** The migration's checks.sql, run on the upgraded database: the names of the checks that failed. */
export async function failedChecks(url: string, migration: string): Promise<string[]> {
  const file = fixtureFile(migration, "checks.sql");
  if (!existsSync(file)) return [`${migration} has no checks.sql`];
  return withAdmin(url, async (client) => {
    const results = [await client.query(readFileSync(file, "utf8"))].flat() as unknown as pg.QueryResult<{ check: string; ok: boolean }>[];
    return results.flatMap((result) => result.rows.filter((row) => row.ok !== true).map((row) => row.check));
  });
}

type Snapshot = Map<string, Map<string, Record<string, unknown>>>;

/** Every row of every table (but the migrations' own), by table and primary key. */
export async function snapshotRows(url: string): Promise<Snapshot> {
  return withAdmin(url, async (client) => {
    const { rows: tables } = await client.query<{ table: string; key: string[] }>(`
      SELECT c.relname::text AS table, array_agg(a.attname::text ORDER BY a.attnum) AS key
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
      WHERE i.indisprimary AND c.relname <> '_prisma_migrations'
      GROUP BY c.relname`);
    const snapshot: Snapshot = new Map();
    for (const { table, key } of tables) {
      const { rows } = await client.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(t) AS row FROM ${pg.escapeIdentifier(table)} t`);
      snapshot.set(table, new Map(rows.map(({ row }) => [JSON.stringify(key.map((column) => row[column])), row])));
    }
    return snapshot;
  });
}

/**
 * What the upgrade lost or changed: a row gone, or a value changed in a column
 * that exists both before and after. (A renamed column is the migration's
 * checks.sql's to follow.)
 */
export function lostOrChanged(before: Snapshot, after: Snapshot): string[] {
  const problems: string[] = [];
  for (const [table, rows] of before) {
    const afterRows = after.get(table);
    if (!afterRows) {
      if (rows.size > 0) problems.push(`table ${table} is gone with ${rows.size} rows`);
      continue;
    }
    for (const [key, row] of rows) {
      const upgraded = afterRows.get(key);
      if (!upgraded) {
        problems.push(`${table} ${key}: row lost`);
        continue;
      }
      for (const [column, value] of Object.entries(row)) {
        if (column in upgraded && JSON.stringify(upgraded[column]) !== JSON.stringify(value)) {
          problems.push(`${table} ${key}.${column}: ${JSON.stringify(value)} became ${JSON.stringify(upgraded[column])}`);
        }
      }
    }
  }
  return problems;
}

/** How many rows each table holds. */
export function rowCounts(snapshot: Snapshot): Record<string, number> {
  return Object.fromEntries([...snapshot].map(([table, rows]) => [table, rows.size]).sort());
}
