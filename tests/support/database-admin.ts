// Creating and dropping whole databases for tests. Never pointed at anything
// but a local server: tests drop databases.
import { randomBytes } from "node:crypto";
import pg from "pg";

export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function assertLocalDatabase(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to run tests against a non-local database (${host}).`);
  }
}

/** One short-lived connection for fn. */
export async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(adminUrl: string, name: string, template?: string) {
  await withAdmin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    const from = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : "";
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${from}`);
  });
}

export async function dropDatabase(adminUrl: string, name: string) {
  await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
}

export function uniqueDatabaseName(prefix: string) {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

/**
 * A least-privilege app role, as deployments that keep schema changes apart
 * use: it may read and write, not create tables. A role of the cluster, not
 * of one database: made once, never dropped (other runs may be using it).
 */
export const APP_ROLE = { name: "keyward_pooled_app", password: "pooled-app-password" };

/** APP_ROLE may read and write every table (and use every schema and sequence) the superuser creates in this database from now on, and nothing more. */
export async function grantAppRole(url: string) {
  await withAdmin(url, async (client) => {
    await client.query(`DO $$ BEGIN CREATE ROLE ${APP_ROLE.name} LOGIN PASSWORD '${APP_ROLE.password}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    // Every schema: public, and pgboss (the job queue's, made by a migration), which it may also use. The README's grants for such a role.
    await client.query(`ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE.name}`);
    await client.query(`ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO ${APP_ROLE.name}`);
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${APP_ROLE.name}`);
  });
}

/** The same URL, logging in as APP_ROLE. */
export function asAppRole(url: string): string {
  const parsed = new URL(url);
  parsed.username = APP_ROLE.name;
  parsed.password = APP_ROLE.password;
  return parsed.toString();
}
