// `npm start` refuses to start, with one clear message, when it cannot work.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { cleanEnv, runCommand } from "../support/run-command";

const SECRET = "x".repeat(40);

function start(env: Record<string, string>) {
  return runCommand(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: cleanEnv({ KEYWARD_STATE_DIR: mkdtempSync(path.join(tmpdir(), "keyward-start-")), PORT: "3290", ...env }),
    timeoutMs: 60_000,
  });
}

function expectNoStackTrace(output: string) {
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe("npm start", () => {
  test("with a database that is down, says so plainly and exits 1", async () => {
    const result = await start({ DATABASE_URL: "postgresql://keyward:secret@127.0.0.1:1/keyward", AUTH_SECRET: SECRET, KEY_PEPPER: SECRET });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Keyward could not start: Cannot reach PostgreSQL at 127.0.0.1:1/keyward (ECONNREFUSED).");
    expect(result.stderr).not.toContain("secret@"); // the password in the URL is not echoed
    expectNoStackTrace(result.stderr);
  });

  test("with a malformed DATABASE_URL, says what is expected", async () => {
    const result = await start({ DATABASE_URL: "not a url", AUTH_SECRET: SECRET, KEY_PEPPER: SECRET });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL is not a valid URL");
    expectNoStackTrace(result.stderr);
  });

  test.each(["AUTH_SECRET", "KEY_PEPPER"])("in production with an external database, a missing %s stops start-up", async (missing) => {
    const env: Record<string, string> = { DATABASE_URL: "postgresql://keyward@127.0.0.1:1/keyward", AUTH_SECRET: SECRET, KEY_PEPPER: SECRET };
    delete env[missing];
    const result = await start(env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Keyward could not start: ${missing} is not set.`);
    expect(result.stderr).toContain("openssl rand -base64 32");
    expectNoStackTrace(result.stderr);
  });

  test("a secret that is too short is refused", async () => {
    const result = await start({ DATABASE_URL: "postgresql://keyward@127.0.0.1:1/keyward", AUTH_SECRET: "short", KEY_PEPPER: SECRET });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("AUTH_SECRET must be at least 32 characters long");
  });
});
