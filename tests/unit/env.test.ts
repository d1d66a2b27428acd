// Every setting is read through lib/env.ts: nothing else in lib/ or app/ reads
// process.env, and a bad value is a clear error, not a silent default.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { ConfigurationError, databaseEnv, launcherEnv, serverEnv } from "@/lib/env";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The few reads that are not settings, each with why. */
const ALLOWED: Record<string, { line: RegExp; why: string }> = {
  "instrumentation.ts": { line: /process\.env\.NEXT_RUNTIME/, why: "set by Next; read before any Node.js module may be imported" },
  "lib/config/secrets.ts": { line: /options\.env \?\? process\.env/, why: "resolves AUTH_SECRET and KEY_PEPPER (environment, else the state file) before the app's env exists" },
  "lib/cli/run-cli.ts": { line: /Object\.assign\(process\.env, runtime\.env\)/, why: "writes the booted runtime's settings, reads none" },
  "lib/docs/client-snippets.ts": { line: /\\`Bearer \\\$\{process\.env\.\$\{KEY_VARIABLE\}\}\\`/, why: "the text of a code sample for clients" },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(relative);
    return /\.(ts|tsx|mts|js|mjs)$/.test(entry.name) ? [relative] : [];
  });
}

describe("settings", () => {
  test("lib/, app/ and instrumentation.ts read process.env only through lib/env.ts", () => {
    const files = [...sourceFiles("lib"), ...sourceFiles("app"), "instrumentation.ts"].filter((file) => file !== path.join("lib", "env.ts"));
    expect(files.length).toBeGreaterThan(100);
    const stray = files.flatMap((file) =>
      readFileSync(path.join(ROOT, file), "utf8")
        .split("\n")
        .flatMap((line, index) => (/process\.env\b/.test(line) && !ALLOWED[file.split(path.sep).join("/")]?.line.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(stray, "read the setting through lib/env.ts (add it to the schema there)").toEqual([]);
  });

  test("a bad number is an error naming the variable, the range and the value", () => {
    expect(() => databaseEnv({ DATABASE_URL: "postgresql://keyward@127.0.0.1/keyward", DATABASE_POOL_SIZE: "abc" })).toThrow(ConfigurationError);
    expect(() => databaseEnv({ DATABASE_URL: "postgresql://keyward@127.0.0.1/keyward", DATABASE_POOL_SIZE: "abc" })).toThrow(
      'DATABASE_POOL_SIZE must be a whole number from 1 to 1000, not "abc".',
    );
    // Every problem at once, one line each.
    const error = (() => {
      try {
        launcherEnv({ EMBEDDED_PG_PORT: "70000", KEYWARD_DRAIN_MS: "1.5" });
      } catch (error) {
        return error as Error;
      }
    })();
    expect(error?.message.split("\n").sort()).toEqual([
      "  - EMBEDDED_PG_PORT must be a whole number from 1 to 65535, not \"70000\".",
      "  - KEYWARD_DRAIN_MS must be a whole number from 1 to 3600000, not \"1.5\".",
      "Keyward's configuration is incomplete:",
    ]);
  });

  test("unset or empty means the default", () => {
    expect(databaseEnv({ DATABASE_URL: "postgresql://keyward@127.0.0.1/keyward", DATABASE_POOL_SIZE: "" }).DATABASE_POOL_SIZE).toBe(10);
    expect(launcherEnv({})).toMatchObject({ PORT: 3000, KEYWARD_DRAIN_MS: 10_000, KEYWARD_SERVER: false });
    expect(launcherEnv({}).EMBEDDED_PG_PORT).toBeUndefined();
    expect(launcherEnv({ PORT: "8080", KEYWARD_SERVER: "1", EMBEDDED_PG_PORT: "55000" })).toMatchObject({ PORT: 8080, KEYWARD_SERVER: true, EMBEDDED_PG_PORT: 55000 });
  });

  test("the database pool refuses DATABASE_POOL_SIZE=abc rather than guessing", () => {
    const before = process.env.DATABASE_POOL_SIZE;
    process.env.DATABASE_POOL_SIZE = "abc";
    try {
      expect(() => createPrismaClient()).toThrow(/DATABASE_POOL_SIZE must be a whole number/);
    } finally {
      if (before === undefined) delete process.env.DATABASE_POOL_SIZE;
      else process.env.DATABASE_POOL_SIZE = before;
    }
  });
});

describe("KEYWARD_BCRYPT_COST", () => {
  const base = { DATABASE_URL: "postgresql://keyward@127.0.0.1/keyward", AUTH_SECRET: "a".repeat(40), KEY_PEPPER: "p".repeat(40) };

  test("is 12 unless set, in production as anywhere", () => {
    expect(serverEnv({ ...base, NODE_ENV: "production" }).KEYWARD_BCRYPT_COST).toBe(12);
    expect(serverEnv({ ...base, NODE_ENV: "production", KEYWARD_BCRYPT_COST: "" }).KEYWARD_BCRYPT_COST).toBe(12);
    expect(serverEnv(base).KEYWARD_BCRYPT_COST).toBe(12);
    expect(serverEnv({ ...base, NODE_ENV: "production", KEYWARD_BCRYPT_COST: "10" }).KEYWARD_BCRYPT_COST).toBe(10);
    expect(serverEnv({ ...base, NODE_ENV: "production", KEYWARD_BCRYPT_COST: "14" }).KEYWARD_BCRYPT_COST).toBe(14);
  });

  test("below 10 is refused at start-up outside NODE_ENV=test, naming the variable and the value", () => {
    for (const NODE_ENV of ["production", "development", undefined]) {
      expect(() => serverEnv({ ...base, NODE_ENV, KEYWARD_BCRYPT_COST: "9" })).toThrow(ConfigurationError);
      expect(() => serverEnv({ ...base, NODE_ENV, KEYWARD_BCRYPT_COST: "4" })).toThrow("KEYWARD_BCRYPT_COST must be at least 10 (it is 4)");
    }
  });

  test("the test suite may go down to 4, bcrypt's own minimum, and no further", () => {
    expect(serverEnv({ ...base, NODE_ENV: "test", KEYWARD_BCRYPT_COST: "4" }).KEYWARD_BCRYPT_COST).toBe(4);
    expect(() => serverEnv({ ...base, NODE_ENV: "test", KEYWARD_BCRYPT_COST: "3" })).toThrow('KEYWARD_BCRYPT_COST must be a whole number from 4 to 31, not "3".');
  });
});
