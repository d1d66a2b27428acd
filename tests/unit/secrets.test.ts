import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ConfigError, resolveSecrets } from "@/lib/config/secrets";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "keyward-secrets-"));
  process.env.KEYWARD_STATE_DIR = dir;
});
afterEach(() => {
  delete process.env.KEYWARD_STATE_DIR;
});

describe("resolveSecrets", () => {
  test("generates missing secrets once, keeps them private, and reuses them", () => {
    const first = resolveSecrets({ mayGenerate: true, env: {} });
    expect(first.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.KEY_PEPPER).not.toBe(first.AUTH_SECRET);
    const file = path.join(dir, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(first);
    expect(resolveSecrets({ mayGenerate: true, env: {} })).toEqual(first);
  });

  test("values from the environment win and are not written to disk", () => {
    const env = { AUTH_SECRET: "a".repeat(32), KEY_PEPPER: "p".repeat(32) };
    expect(resolveSecrets({ mayGenerate: true, env })).toEqual(env);
    expect(() => readFileSync(path.join(dir, "secrets.json"))).toThrow();
  });

  test("when generating is not allowed, a missing secret is a ConfigError naming it", () => {
    expect(() => resolveSecrets({ mayGenerate: false, env: { AUTH_SECRET: "a".repeat(32) } })).toThrow(ConfigError);
    expect(() => resolveSecrets({ mayGenerate: false, env: { AUTH_SECRET: "a".repeat(32) } })).toThrow(/KEY_PEPPER is not set/);
  });
});
