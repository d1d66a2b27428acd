// The gitleaks and trufflehog rules the README gives: generated from the one
// pattern `keyward scan` uses (lib/leaks), written into the README unchanged,
// and kept to what Go's RE2 reads. No scanner binary installs here, so each
// rule's expression is compiled and run against freshly generated keys (all
// must match) and near-misses (none may). What a regular expression cannot
// tell, a wrong checksum, `keyward scan` and the endpoint tell afterwards.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { generateApiKey } from "@/lib/api-keys/key-format";
import { findKeysInText, isKeyWithPrefix, keyPatternSource } from "@/lib/leaks/key-pattern";
import { ruleExpressions, withReadmeScannerRules } from "@/lib/leaks/scanner-rules";

const keys = Array.from({ length: 200 }, (_, i) => generateApiKey("kw", i % 2 ? "LIVE" : "TEST"));
const sample = keys[1]!;

const nearMisses: Record<string, string> = {
  "another prefix": sample.replace(/^kw_/, "acme_"),
  "prefix glued to a word": `x${sample}`,
  "upper-case prefix": sample.replace(/^kw_/, "KW_"),
  "another environment": sample.replace("_live_", "_prod_"),
  "one character short": sample.slice(0, -1),
  "one character long": `${sample}A`,
  "a character outside base62": `${sample.slice(0, 20)}-${sample.slice(21)}`,
  "no separator": sample.replace("kw_live_", "kwlive"),
};

test("the README's scanner rules are what lib/leaks/scanner-rules.ts generates (npm run docs:generate)", () => {
  const readme = readFileSync("README.md", "utf8");
  expect(readme).toBe(withReadmeScannerRules(readme));
});

describe.each(ruleExpressions())("the $scanner rule", ({ source }) => {
  test("keeps to RE2's subset: no lookarounds, no backreferences", () => {
    expect(source).not.toMatch(/\(\?[=!<]/);
    expect(source).not.toMatch(/\\[1-9]/);
    expect(source).toBe(keyPatternSource("kw"));
  });

  test("matches every generated key, live and test, alone and inside text", () => {
    const pattern = new RegExp(source);
    for (const key of keys) {
      expect(pattern.exec(key)?.[0]).toBe(key);
      expect(pattern.exec(`API_KEY="${key}"\n`)?.[0]).toBe(key);
      expect(pattern.exec(`Authorization: Bearer ${key}`)?.[0]).toBe(key);
    }
  });

  test.each(Object.entries(nearMisses))("does not match a near-miss: %s", (_what, text) => {
    expect(new RegExp(source).test(text)).toBe(false);
  });
});

test("a look-alike with the right shape and a wrong checksum matches the rules; the checksum drops it", () => {
  const lookAlike = sample.slice(0, -1) + (sample.endsWith("A") ? "B" : "A");
  for (const { source } of ruleExpressions()) expect(new RegExp(source).test(lookAlike)).toBe(true);
  expect(isKeyWithPrefix(lookAlike, "kw")).toBe(false);
  expect(findKeysInText(`a ${lookAlike} b ${sample}`, "kw").map((k) => k.secret)).toEqual([sample]);
});

test("finds keys with their line and column", () => {
  const text = `first\n  key: ${keys[0]}\nthird ${keys[1]} and ${keys[2]}\n`;
  expect(findKeysInText(text, "kw").map(({ line, column }) => [line, column])).toEqual([
    [2, 8],
    [3, 7],
    [3, 7 + keys[1]!.length + 5],
  ]);
});

test("follows KEY_PREFIX", () => {
  const key = generateApiKey("acme", "LIVE");
  expect(findKeysInText(key, "acme").map((k) => k.secret)).toEqual([key]);
  expect(findKeysInText(key, "kw")).toEqual([]);
});
