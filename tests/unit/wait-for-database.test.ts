// Start-up's back-off (lib/db/wait-for-database.ts): doubling, capped, jittered,
// and messages that never carry the password.
import { describe, expect, test } from "vitest";
import { backoffDelayMs, databaseTarget, DatabaseUnavailableError } from "@/lib/db/wait-for-database";

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
