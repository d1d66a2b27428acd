// Issue 13: Keyward behind PgBouncer in transaction pooling mode, two app
// instances, as a production fleet often runs. Queries go through the pooler;
// LISTEN and the migrator need a session, which transaction pooling does not
// keep, so they use DATABASE_DIRECT_URL. A revoke must still reach both
// instances within 1 s, and usage counted by both must add up exactly.
// A third instance, configured without DATABASE_DIRECT_URL, must notice that
// it hears nothing rather than serve revoked keys from its cache.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { revokeApiKey } from "@/lib/api-keys/change-api-key";
import { getPrisma } from "@/lib/db/prisma";
import { stopServices } from "@/lib/runtime/services";
import { eventually, startAppServer, type AppServer } from "../support/app-server";
import { createOrganizationActor, issueKey } from "../support/factories";
import { freePort } from "../support/free-port";
import { callMe, msUntilRefusedEverywhere, usageRowsAfterStopping } from "../support/instances";
import { PGBOUNCER_BIN, startPgBouncer, type PgBouncer } from "../support/pgbouncer";
import { APP_ROLE, grantAppRole } from "../support/database-admin";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

if (!PGBOUNCER_BIN) console.warn("[tests] Skipping the PgBouncer tests: no pgbouncer binary (apt-get install pgbouncer; .ci/run installs it).");

const health = async (server: AppServer) => (await fetch(`${server.url}/api/health`)).json() as Promise<{ status: string; notifications?: string }>;

describe.skipIf(!PGBOUNCER_BIN)("two instances behind PgBouncer (pool_mode=transaction)", () => {
  let db: TestDatabase;
  let bouncer: PgBouncer;
  let servers: AppServer[] = [];
  let org: Awaited<ReturnType<typeof createOrganizationActor>>;

  beforeAll(async () => {
    // Empty: `npm start` migrates it, through DATABASE_DIRECT_URL, both instances at once. Through
    // PgBouncer the app is APP_ROLE, which may not create tables (PostgreSQL 15+ keeps the
    // public schema's CREATE from other roles): a migration sent through DATABASE_URL would fail.
    db = await createTestDatabase({ migrated: false });
    await grantAppRole(db.url);
    bouncer = await startPgBouncer({ port: await freePort(), serverUrl: db.adminUrl, serverRole: APP_ROLE });
    servers = await Promise.all(
      [1, 2].map(() =>
        startAppServer({
          via: "npm-start",
          databaseUrl: bouncer.through(db.url),
          env: { DATABASE_DIRECT_URL: db.url, KEYWARD_USAGE_FLUSH_MS: "600000" },
        }),
      ),
    );
    await stopServices(["prisma"]);
    process.env.DATABASE_URL = db.url;
    org = await createOrganizationActor("Pooled");
  }, 240_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await stopServices();
    await bouncer?.stop();
  });

  test("both migrated through the direct URL and hear key changes (health: notifications listening)", async () => {
    const applied = await getPrisma().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    expect(Number(applied[0]!.n)).toBeGreaterThan(0);
    const [owner] = await getPrisma().$queryRaw<{ owner: string }[]>`SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'api_keys'`;
    expect(owner?.owner).not.toBe(APP_ROLE.name);
    for (const server of servers) {
      await eventually(() => health(server), (body) => body.notifications === "listening", 20_000, () => server.output());
    }
  });

  test("a revoke is refused by both, though both had the key cached", async () => {
    const figures: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { apiKey, secret } = await issueKey(org.actor);
      for (const server of servers) expect((await callMe(server, secret)).status).toBe(200); // warm in both caches
      figures.push(await msUntilRefusedEverywhere(servers, secret, () => revokeApiKey(org.actor, apiKey.id)));
    }
    console.log(`[pgbouncer] revoke refused by both instances after ${figures.join(", ")} ms`);
  });

  test("an instance without DATABASE_DIRECT_URL finds out that it hears nothing, and so never serves a revoked key", async () => {
    const deaf = await startAppServer({ databaseUrl: bouncer.through(db.url) });
    try {
      await eventually(() => health(deaf), (body) => body.notifications === "not-receiving", 30_000, () => deaf.output());
      expect(deaf.output()).toContain("set DATABASE_DIRECT_URL");
      const { apiKey, secret } = await issueKey(org.actor);
      expect((await callMe(deaf, secret)).status).toBe(200);
      await msUntilRefusedEverywhere([...servers, deaf], secret, () => revokeApiKey(org.actor, apiKey.id));
    } finally {
      await deaf.stop();
    }
  }, 60_000);

  test("usage from both instances, written through the pooler, adds up exactly", async () => {
    const { total } = await usageRowsAfterStopping(servers, () => issueKey(org.actor), [13, 8]);
    expect(total).toBe(21);
    expect(servers.map((server) => server.output()).join("\n")).not.toMatch(/prepared statement|internal_error/i);
  });
});
