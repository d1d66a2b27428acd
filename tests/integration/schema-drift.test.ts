// The migrations must build exactly what prisma/schema.prisma describes, and
// the check that says so must be able to fail: each negative case damages a
// database of its own and expects the damage to be reported by name.
import path from "node:path";
import pg from "pg";
import { describe, expect, test } from "vitest";
import { findSchemaDrift } from "../../lib/db/schema-drift";
import { createTestDatabase } from "../support/test-database";

const SCHEMA = path.join(process.cwd(), "prisma", "schema.prisma");

async function driftAfter(sql: string): Promise<string[]> {
  const db = await createTestDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
  return findSchemaDrift(SCHEMA, db.url);
}

test("a freshly migrated database matches the schema", async () => {
  const db = await createTestDatabase();
  expect(await findSchemaDrift(SCHEMA, db.url)).toEqual([]);
});

test("an empty database is reported as missing every table and enum", async () => {
  const db = await createTestDatabase({ migrated: false });
  const drift = await findSchemaDrift(SCHEMA, db.url);
  expect(drift).toContain('missing table "api_keys"');
  expect(drift).toContain('missing enum "Role"');
});

describe("drift is detected", () => {
  test.each([
    {
      change: "a dropped index",
      sql: `DROP INDEX "api_keys_created_by_id_idx"`,
      drift: ["api_keys: index on (created_by_id) is missing"],
    },
    {
      change: "a dropped unique index",
      sql: `DROP INDEX "users_email_key"`,
      drift: ["users: unique index on (email) is missing"],
    },
    {
      change: "a column made NOT NULL",
      sql: `ALTER TABLE "users" ALTER COLUMN "name" SET NOT NULL`,
      drift: ["users.name: is NOT NULL, schema expects nullable"],
    },
    {
      change: "a column made nullable",
      sql: `ALTER TABLE "api_keys" ALTER COLUMN "hint" DROP NOT NULL`,
      drift: ["api_keys.hint: is nullable, schema expects NOT NULL"],
    },
    {
      change: "a stray column",
      sql: `ALTER TABLE "organizations" ADD COLUMN "stray" TEXT`,
      drift: ['organizations: unexpected column "stray" (not in the schema)'],
    },
    {
      change: "a stray table",
      sql: `CREATE TABLE "leftovers" ("id" INTEGER PRIMARY KEY)`,
      drift: ['unexpected table "leftovers" (not in the schema)'],
    },
    {
      change: "a changed column type",
      sql: `ALTER TABLE "usage_rollups" ALTER COLUMN "count" TYPE BIGINT`,
      drift: ["usage_rollups.count: type is bigint, schema expects integer"],
    },
    {
      change: "a timestamp without its time zone",
      sql: `ALTER TABLE "audit_events" ALTER COLUMN "created_at" TYPE TIMESTAMP(3)`,
      drift: ["audit_events.created_at: type is timestamp(3) without time zone, schema expects timestamp(3) with time zone"],
    },
    {
      change: "a dropped default",
      sql: `ALTER TABLE "organizations" ALTER COLUMN "created_at" DROP DEFAULT`,
      drift: ["organizations.created_at: default is none, schema expects now()"],
    },
    {
      change: "a changed literal default",
      sql: `ALTER TABLE "memberships" ALTER COLUMN "role" SET DEFAULT 'ADMIN'`,
      drift: ["memberships.role: default is 'ADMIN', schema expects 'MEMBER'"],
    },
    {
      change: "a removed enum value",
      sql: `
        ALTER TYPE "Role" RENAME TO "Role_old";
        CREATE TYPE "Role" AS ENUM ('OWNER', 'MEMBER');
        ALTER TABLE "memberships" ALTER COLUMN "role" DROP DEFAULT;
        ALTER TABLE "memberships" ALTER COLUMN "role" TYPE "Role" USING "role"::text::"Role";
        ALTER TABLE "memberships" ALTER COLUMN "role" SET DEFAULT 'MEMBER';
        ALTER TABLE "invitations" ALTER COLUMN "role" TYPE "Role" USING "role"::text::"Role";
        DROP TYPE "Role_old";`,
      drift: ['enum "Role": values are [OWNER, MEMBER], schema expects [OWNER, ADMIN, MEMBER]'],
    },
    {
      change: "a changed ON DELETE action",
      sql: `
        ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_created_by_id_fkey";
        ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_id_fkey" FOREIGN KEY ("created_by_id")
          REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;`,
      drift: [
        "api_keys: foreign key (created_by_id) is -> users(id) ON DELETE CASCADE ON UPDATE CASCADE, " +
          "schema expects -> users(id) ON DELETE RESTRICT ON UPDATE CASCADE",
      ],
    },
    {
      change: "a dropped foreign key",
      sql: `ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_actor_user_id_fkey"`,
      drift: ["audit_events: missing foreign key (actor_user_id) -> users(id) ON DELETE SET NULL ON UPDATE CASCADE"],
    },
    {
      change: "a dropped primary key",
      sql: `ALTER TABLE "sign_in_throttles" DROP CONSTRAINT "sign_in_throttles_pkey"`,
      drift: ["sign_in_throttles: primary key is missing, schema expects (key)"],
    },
  ])("$change", async ({ sql, drift }) => {
    expect(await driftAfter(sql)).toEqual(drift);
  });
});
