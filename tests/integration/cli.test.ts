// The operator CLI, run as an operator runs it: a separate process.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { acquireEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { prisma } from "@/lib/db/prisma";
import { TEST_PASSWORD, uniqueEmail } from "../support/factories";
import { cleanEnv, runCommand } from "../support/run-command";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();

function keyward(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  return runCommand(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", ...args],
    { env: cleanEnv({ DATABASE_URL: db.url, ...options.env }), input: options.input, timeoutMs: 90_000 },
  );
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

  test("an unknown command lists the commands", async () => {
    const result = await keyward(["frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("users create");
  });
});

describe("the CLI on the embedded database", () => {
  const stateDir = () => mkdtempSync(path.join(tmpdir(), "keyward-cli-"));
  const port = () => String(55000 + Math.floor(Math.random() * 5000));

  test("starts the embedded server itself when none runs, and stops it afterwards", async () => {
    const dir = stateDir();
    const env = { KEYWARD_STATE_DIR: dir, EMBEDDED_PG_PORT: port() };
    const result = await runCommand(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", "users", "create", "--email", uniqueEmail("emb"), "--password", TEST_PASSWORD, "--json"],
      { env: cleanEnv(env), timeoutMs: 90_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).user.id).toBeTruthy();
    const { existsSync } = await import("node:fs");
    expect(existsSync(path.join(dir, "postgres", "data", "postmaster.pid"))).toBe(false);
  });

  test("borrows the server a running app started, and leaves it running", async () => {
    const dir = stateDir();
    const pgPort = Number(port());
    const app = await acquireEmbeddedPostgres({ role: "app", dir: path.join(dir, "postgres"), port: pgPort });
    try {
      const email = uniqueEmail("borrow");
      const result = await runCommand(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", "users", "create", "--email", email, "--password", TEST_PASSWORD, "--json"],
        { env: cleanEnv({ KEYWARD_STATE_DIR: dir }), timeoutMs: 90_000 },
      );
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
  });
});
