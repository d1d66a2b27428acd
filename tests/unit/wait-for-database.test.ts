// Start-up's back-off (lib/db/wait-for-database.ts): doubling, capped, jittered,
// and messages that never carry the password.
import { describe, expect, test } from "vitest";
import { backoffDelayMs, databaseTarget, DatabaseUnavailableError } from "@/lib/db/wait-for-database";
import { ConfigurationError, databaseEnv, launcherEnv } from "@/lib/env";

describe("waiting for the database", () => {
  test("the delay doubles from 250 ms and stops growing at 4 s; jitter spans its upper half", () => {
    expect([1, 2, 3, 4, 5, 6, 12].map((attempt) => backoffDelayMs(attempt, () => 1))).toEqual([250, 500, 1_000, 2_000, 4_000, 4_000, 4_000]);
    expect([1, 5, 12].map((attempt) => backoffDelayMs(attempt, () => 0))).toEqual([125, 2_000, 2_000]);
  });

  test("the target names host, port and database, never the user or password", () => {
    expect(databaseTarget("postgresql://keyward:hunter2@db.internal/keyward")).toBe("db.internal:5432/keyward");
    expect(() => databaseTarget("not a url", "DATABASE_DIRECT_URL")).toThrow(DatabaseUnavailableError);
    expect(() => databaseTarget("not a url", "DATABASE_DIRECT_URL")).toThrow("DATABASE_DIRECT_URL is not a valid URL");
  });
});

describe("the settings (lib/env.ts)", () => {
  const url = "postgresql://keyward@127.0.0.1/keyward";

  test("KEYWARD_DATABASE_WAIT_MS: 60 s unless set; 0 is allowed (fail at once); negative is not", () => {
    expect(launcherEnv({}).KEYWARD_DATABASE_WAIT_MS).toBe(60_000);
    expect(launcherEnv({ KEYWARD_DATABASE_WAIT_MS: "0" }).KEYWARD_DATABASE_WAIT_MS).toBe(0);
    expect(() => launcherEnv({ KEYWARD_DATABASE_WAIT_MS: "-1" })).toThrow('KEYWARD_DATABASE_WAIT_MS must be a whole number from 0 to 3600000, not "-1".');
  });

  test("DATABASE_DIRECT_URL: optional, empty means unset, and must be a URL when given", () => {
    expect(databaseEnv({ DATABASE_URL: url }).DATABASE_DIRECT_URL).toBeUndefined();
    expect(databaseEnv({ DATABASE_URL: url, DATABASE_DIRECT_URL: "" }).DATABASE_DIRECT_URL).toBeUndefined();
    expect(databaseEnv({ DATABASE_URL: url, DATABASE_DIRECT_URL: url }).DATABASE_DIRECT_URL).toBe(url);
    expect(() => databaseEnv({ DATABASE_URL: url, DATABASE_DIRECT_URL: "db.internal:5432" })).toThrow(ConfigurationError);
  });
});
