// The operator CLI. Most tests call it in-process (runCli, the function
// lib/cli/main.ts runs), on this file's database; the last ones run the real
// binary as an operator does, a separate process, for what only a process
// shows: exit codes, streams, and an embedded database started and stopped.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeJwt } from "jose";
import { afterAll, describe, expect, test } from "vitest";
import { runCli } from "@/lib/cli/run-cli";
import { acquireEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { prisma } from "@/lib/db/prisma";
import { verifyApiKey } from "@/lib/api-keys/verify-api-key";
import { stopServices } from "@/lib/runtime/services";
import { createUserWithOrganization, TEST_PASSWORD, uniqueEmail } from "../support/factories";
import { freePort } from "../support/free-port";
import { cleanEnv, runCommand, type CommandResult, runKeywardCli } from "../support/run-command";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();
afterAll(() => stopServices());

/** One CLI command in this process, with its output caught as a process's would be. */
async function keyward(args: string[], options: { input?: string } = {}): Promise<CommandResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (line) => (stdout += `${line}\n`),
    stderr: (line) => (stderr += `${line}\n`),
    readStdin: async () => options.input ?? "",
  });
  return { code, stdout, stderr };
}

describe("keyward users create", () => {
  test("creates a user who owns a new organization, and prints one JSON object with --json", async () => {
    const email = uniqueEmail("cli");
    const result = await keyward(["users", "create", "--email", email, "--password", TEST_PASSWORD, "--name", "Cli User", "--org", "cli-org-json", "--json"]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({
      user: { email, name: "Cli User" },
      organization: { slug: "cli-org-json", name: "cli-org-json" },
    });
    const membership = await prisma.membership.findFirstOrThrow({ where: { userId: output.user.id } });
    expect(membership).toMatchObject({ organizationId: output.organization.id, role: "OWNER" });
    expect(result.stdout + result.stderr).not.toContain(TEST_PASSWORD);
  });

  test("without --json it prints a readable summary", async () => {
    const email = uniqueEmail("human");
    const result = await keyward(["users", "create", "--email", email, "--password", TEST_PASSWORD]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Created user ${email}`);
    expect(result.stdout).toMatch(/Owner of organization ".+" \(slug: [a-z0-9-]+\)/);
  });

  test("reads the password from stdin with --password-stdin", async () => {
    const email = uniqueEmail("stdin");
    const result = await keyward(["users", "create", "--email", email, "--password-stdin", "--json"], { input: `${TEST_PASSWORD}\n` });
    expect(result.code).toBe(0);
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    const { verifyPassword } = await import("@/lib/auth/password");
    expect(await verifyPassword(TEST_PASSWORD, user.passwordHash)).toBe(true);
  });

  test("a taken email fails with exit 1 and names the field", async () => {
    const email = uniqueEmail("dupe");
    expect((await keyward(["users", "create", "--email", email, "--password", TEST_PASSWORD])).code).toBe(0);
    const again = await keyward(["users", "create", "--email", email, "--password", TEST_PASSWORD, "--json"]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe("");
    expect(JSON.parse(again.stderr)).toMatchObject({ fields: { email: [expect.stringContaining("already exists")] } });
  });

  test("bad input is a usage error (exit 2) or a validation error (exit 1), never a stack trace", async () => {
    const missing = await keyward(["users", "create", "--password", TEST_PASSWORD]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--email is required");

    const unknownFlag = await keyward(["users", "create", "--email", uniqueEmail(), "--pasword", "x"]);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/Unknown option '--pasword'/);

    const weak = await keyward(["users", "create", "--email", uniqueEmail(), "--password", "short"]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("--password: Use at least 10 characters.");

    const badSlug = await keyward(["users", "create", "--email", uniqueEmail(), "--password", TEST_PASSWORD, "--org", "Not A Slug!"]);
    expect(badSlug.code).toBe(1);
    expect(badSlug.stderr).toContain("--org:");

    for (const result of [missing, unknownFlag, weak, badSlug]) expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test("a database it cannot reach is exit 1 with one clear line, and the caller lives on", async () => {
    const before = { DATABASE_URL: process.env.DATABASE_URL, KEYWARD_DATABASE_WAIT_MS: process.env.KEYWARD_DATABASE_WAIT_MS };
    process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:1/nowhere";
    // No waiting for it to come up (the default waits a minute: tests/system/start-failures.test.ts covers that).
    process.env.KEYWARD_DATABASE_WAIT_MS = "0";
    try {
      const result = await keyward(["users", "create", "--email", uniqueEmail(), "--password", TEST_PASSWORD]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("Keyward could not start: Cannot reach PostgreSQL at 127.0.0.1:1/nowhere");
      expect(result.stderr).not.toMatch(/^\s+at /m);
    } finally {
      for (const [name, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test("an unknown command lists the commands", async () => {
    const result = await keyward(["frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("users create");
  });
});

describe("keyward keys", () => {
  const keys = (args: string[]) => keyward(["keys", ...args]);

  test("create prints the secret once (one JSON object with id and key); list, rotate and revoke work on it", async () => {
    const { organization } = await createUserWithOrganization({ name: "Keys Cli" });
    const created = await keys(["create", "--org", organization.slug, "--name", "ci", "--preset", "read-only", "--env", "test", "--expires", "30d", "--json"]);
    expect(created.code, created.stderr).toBe(0);
    const key = JSON.parse(created.stdout);
    expect(key).toMatchObject({ id: expect.any(String), key: expect.stringMatching(/^kw_test_[0-9A-Za-z]{36}$/), scopes: ["resources:read", "usage:read"], environment: "test" });
    expect(new Date(key.expiresAt).getTime() - Date.now()).toBeGreaterThan(29.9 * 24 * 3600 * 1000);
    expect(await verifyApiKey(key.key)).toMatchObject({ ok: true, key: { id: key.id } });

    const listed = await keys(["list", "--org", organization.slug, "--json"]);
    expect(JSON.parse(listed.stdout).keys).toEqual([expect.objectContaining({ id: key.id, hint: key.hint, status: "active" })]);
    expect(listed.stdout).not.toContain(key.key);

    const rotated = await keys(["rotate", key.id, "--grace", "1h", "--json"]);
    expect(rotated.code, rotated.stderr).toBe(0);
    const successor = JSON.parse(rotated.stdout);
    expect(successor).toMatchObject({ id: expect.any(String), key: expect.stringMatching(/^kw_test_/), predecessorId: key.id, previous: { id: key.id, status: "rotating_out" } });
    expect((await verifyApiKey(key.key)).ok).toBe(true);
    expect((await verifyApiKey(successor.key)).ok).toBe(true);

    const revoked = await keys(["revoke", successor.id]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain("Revoked");
    expect(revoked.stdout).not.toContain(successor.key);
    expect(await verifyApiKey(successor.key)).toEqual({ ok: false, code: "revoked_key" });
  });

  test("exchange mints a token for a member with a key that has tokens:exchange, and refuses one that lacks it", async () => {
    const { organization, user } = await createUserWithOrganization({ name: "Keys Exchange" });
    const created = await keys(["create", "--org", organization.slug, "--name", "exchanger", "--scopes", "resources:read,tokens:exchange", "--json"]);
    expect(created.code, created.stderr).toBe(0);
    const exchanged = await keys(["exchange", JSON.parse(created.stdout).id, "--user", user.email, "--json"]);
    expect(exchanged.code, exchanged.stderr).toBe(0);
    const body = JSON.parse(exchanged.stdout);
    expect(body).toMatchObject({ tokenType: "Bearer", expiresIn: 900, scope: "resources:read" });
    expect(decodeJwt(body.token)).toMatchObject({ sub: user.id, org: organization.id });

    const plain = JSON.parse((await keys(["create", "--org", organization.slug, "--name", "plain", "--preset", "read-only", "--json"])).stdout);
    const refused = await keys(["exchange", plain.id, "--user", user.email]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("tokens:exchange");
  });

  test("credits: top up, refill monthly, unmeter; a bad amount is refused by name", async () => {
    const { organization } = await createUserWithOrganization({ name: "Keys Credits" });
    const key = JSON.parse((await keys(["create", "--org", organization.slug, "--name", "metered", "--json"])).stdout);
    const added = await keys(["credits", key.id, "--add", "500", "--json"]);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({ id: key.id, credits: { balance: 500, monthlyRefill: null } });
    const refill = await keys(["credits", key.id, "--refill", "1000"]);
    expect(refill.stdout).toContain("Credits: 1,000 left, refilled to 1,000 each month.");
    expect((await keys(["credits", key.id, "--unmetered"])).stdout).toContain("Not metered");
    const org = await keyward(["org", "credits", "--org", organization.slug, "--add", "250", "--json"]);
    expect(org.code, org.stderr).toBe(0);
    expect(JSON.parse(org.stdout)).toEqual({ organization: organization.slug, credits: { balance: 250, monthlyRefill: null } });
    const bad = await keys(["credits", key.id, "--add", "0"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("amount must be at least 1.");
    expect((await keys(["credits", key.id])).stderr).toContain("give one of --add");
  });

  test("create and update set the rate-limit plan: standard, pro, or a custom limit and window", async () => {
    const { organization } = await createUserWithOrganization({ name: "Keys Plans" });
    const custom = await keys(["create", "--org", organization.slug, "--name", "limited", "--plan", "custom", "--limit", "5", "--window", "1m", "--quota", "1000", "--json"]);
    expect(custom.code, custom.stderr).toBe(0);
    const key = JSON.parse(custom.stdout);
    expect(key.rateLimit).toEqual({ plan: "custom", limit: 5, windowSeconds: 60, monthlyQuota: 1000 });

    const pro = await keys(["update", key.id, "--plan", "pro", "--json"]);
    expect(pro.code, pro.stderr).toBe(0);
    expect(JSON.parse(pro.stdout).rateLimit).toEqual({ plan: "pro", limit: 10000, windowSeconds: 3600, monthlyQuota: 1000 });

    const bad = await keys(["update", key.id, "--plan", "gold"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Choose standard, pro or custom.");
    const noLimit = await keys(["update", key.id, "--plan", "custom"]);
    expect(noLimit.stderr).toContain("A custom plan needs a limit.");
  });

  test("without --json, create shows the secret with a warning that it will not be shown again", async () => {
    const { organization } = await createUserWithOrganization({ name: "Keys Human" });
    const created = await keys(["create", "--org", organization.slug, "--name", "human", "--preset", "full-access", "--env", "live", "--expires", "never"]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/kw_live_[0-9A-Za-z]{36}/);
    expect(created.stdout).toContain("cannot show it again");
    expect(created.stdout).toContain("never expires");
  });

  test("bad input names the problem, with no stack trace", async () => {
    const { organization } = await createUserWithOrganization({ name: "Keys Errors" });
    const noName = await keys(["create", "--org", organization.slug, "--json"]);
    expect(noName.code).toBe(1);
    expect(JSON.parse(noName.stderr)).toMatchObject({ code: "validation_failed", fields: { name: ["Enter a name."] } });
    const badScope = await keys(["create", "--org", organization.slug, "--name", "x", "--scopes", "resources:admin"]);
    expect(badScope.stderr).toContain('Unknown scope "resources:admin"');
    const badOrg = await keys(["create", "--org", "no-such-org", "--name", "x"]);
    expect(badOrg.stderr).toContain('no organization with the slug "no-such-org"');
    const badGrace = await keys(["rotate", "00000000-0000-7000-8000-000000000000", "--grace", "2h"]);
    expect(badGrace.code).toBe(2);
    const unknownKey = await keys(["revoke", "00000000-0000-7000-8000-000000000000"]);
    expect(unknownKey.code).toBe(1);
    expect(unknownKey.stderr).toContain("no key with the id");
    for (const result of [noName, badScope, badOrg, badGrace, unknownKey]) expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

// Separate processes: tsx compiles lib/ on each start, so a few seconds each
// on an idle machine and many times that on a busy one.
const PROCESS_BUDGET_MS = 120_000;

describe("the real binary", () => {
  test("a usage error is exit 2, on stderr, with nothing on stdout", async () => {
    const unknown = await runKeywardCli(["frobnicate"], { databaseUrl: db.url });
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain("users create");
  }, PROCESS_BUDGET_MS);

  test("outside the test suite, a bcrypt cost below 10 stops it before the command runs (exit 1)", async () => {
    const email = uniqueEmail("cheap");
    const refused = await runKeywardCli(["users", "create", "--email", email, "--password", TEST_PASSWORD], { databaseUrl: db.url, env: { KEYWARD_BCRYPT_COST: "4" } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Keyward could not start: Keyward's configuration is incomplete:");
    expect(refused.stderr).toContain("KEYWARD_BCRYPT_COST must be at least 10 (it is 4)");
    expect(refused.stderr).not.toMatch(/^\s+at /m);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  }, PROCESS_BUDGET_MS);
  // Exit 0 with one JSON document on stdout: the embedded-database tests below.
});

describe("the CLI on the embedded database", () => {
  const stateDir = () => mkdtempSync(path.join(tmpdir(), "keyward-cli-"));
  const binary = (args: string[], env: Record<string, string>) =>
    runCommand(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", ...args], { env: cleanEnv(env), timeoutMs: PROCESS_BUDGET_MS });

  test("starts the embedded server itself when none runs, and stops it afterwards", async () => {
    const dir = stateDir();
    const result = await binary(["users", "create", "--email", uniqueEmail("emb"), "--password", TEST_PASSWORD, "--json"], {
      KEYWARD_STATE_DIR: dir,
      EMBEDDED_PG_PORT: String(await freePort()),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).user.id).toBeTruthy();
    expect(existsSync(path.join(dir, "postgres", "data", "postmaster.pid"))).toBe(false);
  }, PROCESS_BUDGET_MS);

  test("borrows the server a running app started, and leaves it running", async () => {
    const dir = stateDir();
    const app = await acquireEmbeddedPostgres({ role: "app", dir: path.join(dir, "postgres"), port: await freePort() });
    try {
      const email = uniqueEmail("borrow");
      const result = await binary(["users", "create", "--email", email, "--password", TEST_PASSWORD, "--json"], { KEYWARD_STATE_DIR: dir });
      expect(result.code, result.stderr).toBe(0);
      // The app's server is still up, and holds the user the CLI created.
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: app.url });
      await client.connect();
      const { rowCount } = await client.query("SELECT 1 FROM users WHERE email = $1", [email]);
      await client.end();
      expect(rowCount).toBe(1);
    } finally {
      await app.release();
    }
  }, PROCESS_BUDGET_MS);
});
