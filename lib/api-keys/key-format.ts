// The API key's text format: <prefix>_<env>_<random><checksum>
//
//   kw_live_3WbG0xkQe6Y1nN8Vf2RzA7pLqT5sMc0JdHa4Ku
//   └┬┘ └┬─┘ └──────────── 30 random ───────────┘└ 6 ┘
//  prefix env      base62, ~178 bits from a CSPRNG  CRC32 of everything before it, base62
//
// As in GitHub's token format, the checksum lets a secret scanner (or our own
// middleware) reject a mistyped or made-up key without a database look-up, and
// the prefix makes leaked keys easy to find and attribute.
import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import type { KeyEnvironment } from "@/lib/generated/prisma/enums";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const RANDOM_LENGTH = 30;
export const CHECKSUM_LENGTH = 6;
export const DEFAULT_KEY_PREFIX = "kw";

/** A prefix is a short lower-case word: it never contains "_", so a key splits unambiguously. */
export const KEY_PREFIX_PATTERN = /^[a-z][a-z0-9]{1,15}$/;

/** The whole key, for secret scanners (documented in the README). */
export const API_KEY_PATTERN = /^([a-z][a-z0-9]{1,15})_(live|test)_([0-9A-Za-z]{36})$/;

export type ParsedApiKey = { prefix: string; environment: KeyEnvironment };

const ENV_SEGMENT: Record<KeyEnvironment, "live" | "test"> = { LIVE: "live", TEST: "test" };

/** A new key's secret. Shown to its creator once and never stored. */
export function generateApiKey(prefix: string, environment: KeyEnvironment): string {
  if (!KEY_PREFIX_PATTERN.test(prefix)) throw new Error(`Invalid key prefix "${prefix}": use 2–16 lower-case letters and digits, starting with a letter.`);
  const body = `${prefix}_${ENV_SEGMENT[environment]}_${randomBase62(RANDOM_LENGTH)}`;
  return body + checksum(body);
}

/**
 * Format and checksum, without touching the database. Null for anything that
 * is not a well-formed key; the caller answers that like an unknown key.
 */
export function parseApiKey(key: string): ParsedApiKey | null {
  const match = API_KEY_PATTERN.exec(key);
  if (!match) return null;
  const body = key.slice(0, -CHECKSUM_LENGTH);
  if (checksum(body) !== key.slice(-CHECKSUM_LENGTH)) return null;
  return { prefix: match[1]!, environment: match[2] === "live" ? "LIVE" : "TEST" };
}

/** The non-secret display form: "kw_live_3WbG…Hq9Z". Reveals 4 random characters (~24 of ~178 bits). */
export function keyHint(key: string): string {
  const randomStart = key.lastIndexOf("_") + 1;
  return `${key.slice(0, randomStart + 4)}…${key.slice(-4)}`;
}

function checksum(body: string): string {
  return toBase62(crc32(body)).padStart(CHECKSUM_LENGTH, "0");
}

function toBase62(value: number): string {
  let out = "";
  do {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  } while (value > 0);
  return out;
}

/** Uniform base62 by rejection sampling: 248 = 4 × 62, so bytes ≥ 248 are skipped to avoid bias. */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}
