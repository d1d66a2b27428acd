import { createHmac } from "node:crypto";
import { crc32 } from "node:zlib";
import { describe, expect, test } from "vitest";
import {
  API_KEY_PATTERN,
  CHECKSUM_LENGTH,
  DEFAULT_KEY_PREFIX,
  generateApiKey,
  keyHint,
  parseApiKey,
  RANDOM_LENGTH,
} from "@/lib/api-keys/key-format";
import { hashApiKey } from "@/lib/api-keys/hash-key";

// The format as documented for secret scanners; kept literal on purpose so a
// change to API_KEY_PATTERN that breaks the documented contract fails here.
const README_PATTERN = /^[a-z][a-z0-9]{1,15}_(live|test)_[0-9A-Za-z]{36}$/;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Independent base62 of a CRC32, to cross-check the implementation's checksum. */
function expectedChecksum(body: string): string {
  let n = crc32(Buffer.from(body, "utf8"));
  let out = "";
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(6, "0");
}

/** Splits a key into its parts, by position rather than with the code under test. */
function partsOf(key: string) {
  const [prefix, env] = key.split("_", 2) as [string, string];
  const rest = key.slice(prefix.length + env.length + 2);
  return { prefix, env, random: rest.slice(0, 30), checksum: rest.slice(30), body: key.slice(0, -6) };
}

function replaceAt(text: string, index: number, char: string) {
  return text.slice(0, index) + char + text.slice(index + 1);
}

const MANY = Array.from({ length: 1000 }, (_, i) => generateApiKey(DEFAULT_KEY_PREFIX, i % 2 ? "LIVE" : "TEST"));

describe("generateApiKey", () => {
  test("uses the documented lengths and default prefix", () => {
    expect(RANDOM_LENGTH).toBe(30);
    expect(CHECKSUM_LENGTH).toBe(6);
    expect(DEFAULT_KEY_PREFIX).toBe("kw");
  });

  test("every key matches API_KEY_PATTERN and the README regex", () => {
    for (const key of MANY) {
      expect(key).toMatch(API_KEY_PATTERN);
      expect(key).toMatch(README_PATTERN);
    }
  });

  test("live and test keys carry their environment word", () => {
    expect(generateApiKey("kw", "LIVE").startsWith("kw_live_")).toBe(true);
    expect(generateApiKey("kw", "TEST").startsWith("kw_test_")).toBe(true);
  });

  test("the random part is 30 base62 characters and keys never repeat", () => {
    for (const key of MANY) {
      const { random, checksum } = partsOf(key);
      expect(random).toMatch(/^[0-9A-Za-z]{30}$/);
      expect(checksum).toMatch(/^[0-9A-Za-z]{6}$/);
    }
    expect(new Set(MANY).size).toBe(MANY.length);
    expect(new Set(MANY.map((k) => partsOf(k).random)).size).toBe(MANY.length);
  });

  test("the checksum is CRC32 of everything before it, in 6 base62 characters", () => {
    for (const key of MANY.slice(0, 200)) {
      const { body, checksum } = partsOf(key);
      expect(checksum).toBe(expectedChecksum(body));
    }
  });

  test("small CRCs are zero-padded to 6 characters and still parse", () => {
    // About 21% of CRCs are below 62^5 and need a leading "0".
    const padded = MANY.filter((k) => partsOf(k).checksum.startsWith("0"));
    expect(padded.length).toBeGreaterThan(50);
    for (const key of padded) {
      expect(partsOf(key).checksum).toBe(expectedChecksum(partsOf(key).body));
      expect(parseApiKey(key)).not.toBeNull();
    }
  });

  test.each(["acme", "ab", "a1", "abcdefghijklmnop"])("custom prefix %s round-trips", (prefix) => {
    const key = generateApiKey(prefix, "TEST");
    expect(key.startsWith(`${prefix}_test_`)).toBe(true);
    expect(key).toMatch(README_PATTERN);
    expect(parseApiKey(key)).toEqual({ prefix, environment: "TEST" });
  });

  test.each(["a", "Kw", "k_w", "", "1kw", "kw-x", "abcdefghijklmnopq", "kw ", "kü"])("refuses the prefix %j", (prefix) => {
    expect(() => generateApiKey(prefix, "LIVE")).toThrow(/Invalid key prefix/);
  });

  test("the 30 random characters are spread over the whole base62 alphabet without modulo bias", () => {
    const counts = new Map<string, number>();
    const keys = [...MANY, ...Array.from({ length: 1000 }, () => generateApiKey("kw", "LIVE"))];
    for (const key of keys) for (const c of partsOf(key).random) counts.set(c, (counts.get(c) ?? 0) + 1);

    expect([...counts.keys()].sort()).toEqual([...BASE62].sort());
    const total = keys.length * 30;
    const expected = total / 62; // ≈ 968
    for (const c of BASE62) {
      expect(counts.get(c)!).toBeGreaterThan(expected * 0.75);
      expect(counts.get(c)!).toBeLessThan(expected * 1.25);
    }
    // Without rejection sampling, byte % 62 favours "0"–"7" by 5/4; the ratio
    // of their mean count to the others' would be ≈1.25.
    const mean = (chars: string) => [...chars].reduce((s, c) => s + counts.get(c)!, 0) / chars.length;
    const ratio = mean(BASE62.slice(0, 8)) / mean(BASE62.slice(8));
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });
});

describe("parseApiKey", () => {
  test("accepts a generated key and returns its prefix and environment", () => {
    expect(parseApiKey(generateApiKey("kw", "LIVE"))).toEqual({ prefix: "kw", environment: "LIVE" });
    expect(parseApiKey(generateApiKey("kw", "TEST"))).toEqual({ prefix: "kw", environment: "TEST" });
  });

  test("rejects a key with any single character of the random part or checksum changed", () => {
    const key = generateApiKey("kw", "LIVE");
    const start = "kw_live_".length;
    let tried = 0;
    for (let i = start; i < key.length; i++) {
      for (const c of BASE62) {
        if (c === key[i]) continue;
        const changed = replaceAt(key, i, c);
        expect(changed).toMatch(API_KEY_PATTERN); // still well-formed: only the checksum can catch it
        expect(parseApiKey(changed), `position ${i} → ${c}`).toBeNull();
        tried++;
      }
    }
    expect(tried).toBe(36 * 61);
  });

  test("rejects a key whose prefix or environment was changed (both are covered by the checksum)", () => {
    const key = generateApiKey("kw", "LIVE");
    const { random, checksum } = partsOf(key);
    expect(parseApiKey(`kw_test_${random}${checksum}`)).toBeNull();
    expect(parseApiKey(`kx_live_${random}${checksum}`)).toBeNull();
    expect(parseApiKey(`acme_live_${random}${checksum}`)).toBeNull();
  });

  test("rejects a key made up in the right shape", () => {
    expect(parseApiKey(`kw_live_${"A".repeat(36)}`)).toBeNull();
    expect(parseApiKey(`kw_live_${"0".repeat(36)}`)).toBeNull();
  });

  test("rejects wrong lengths, environment words, case and separators", () => {
    const key = generateApiKey("kw", "LIVE");
    const { random, checksum, body } = partsOf(key);
    const reject = [
      key.slice(0, -1), // one short
      `${key}0`, // one long
      `kw_live_${random.slice(1)}${checksum}`,
      `kw_prod_${random}${expectedChecksum(`kw_prod_${random}`)}`,
      `kw_LIVE_${random}${expectedChecksum(`kw_LIVE_${random}`)}`,
      `KW_live_${random}${expectedChecksum(`KW_live_${random}`)}`,
      `kw-live-${random}${expectedChecksum(`kw-live-${random}`)}`,
      ` ${key}`,
      `${key} `,
      `${key}\n`,
      `Bearer ${key}`,
      body,
      "",
      "kw_live_",
    ];
    for (const candidate of reject) expect(parseApiKey(candidate), JSON.stringify(candidate)).toBeNull();
  });

  test("accepts any key whose checksum is right, even when not generated here (format is public)", () => {
    const body = `acme_test_${"x".repeat(30)}`;
    expect(parseApiKey(body + expectedChecksum(body))).toEqual({ prefix: "acme", environment: "TEST" });
  });
});

describe("keyHint", () => {
  test("shows the prefix, environment, first 4 random characters and last 4 characters", () => {
    const key = generateApiKey("kw", "LIVE");
    const { random } = partsOf(key);
    expect(keyHint(key)).toBe(`kw_live_${random.slice(0, 4)}…${key.slice(-4)}`);
  });

  test("works for custom prefixes", () => {
    const key = generateApiKey("acme", "TEST");
    expect(keyHint(key)).toBe(`acme_test_${partsOf(key).random.slice(0, 4)}…${key.slice(-4)}`);
  });

  test("never contains the random part, or any 8 consecutive characters of it", () => {
    for (const key of MANY.slice(0, 200)) {
      const hint = keyHint(key);
      const { random } = partsOf(key);
      expect(hint).not.toContain(random);
      for (let i = 0; i + 8 <= random.length; i++) expect(hint).not.toContain(random.slice(i, i + 8));
      expect(hint.length).toBeLessThan(20);
    }
  });
});

describe("hashApiKey", () => {
  test("is HMAC-SHA256 with the pepper, and follows a change of pepper (its key object is kept between calls)", () => {
    const key = generateApiKey("kw", "TEST");
    for (const pepper of ["first-pepper-0123456789abcdefghijkl", "second-pepper-0123456789abcdefghijk", "first-pepper-0123456789abcdefghijkl"]) {
      expect(Buffer.from(hashApiKey(key, pepper))).toEqual(createHmac("sha256", pepper).update(key).digest());
    }
  });
});
