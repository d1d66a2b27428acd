// The one regular expression for Keyward keys in the wild: what `keyward
// scan` searches files with, and what the gitleaks and trufflehog rules in the
// README carry (scanner-rules.ts). Derived from the key format itself
// (lib/api-keys/key-format.ts), so a change there changes every copy.
//
// A regular expression finds candidates only: "kw_live_" and 36 base62
// characters. Whether the last six are the CRC32 of the rest it cannot tell,
// so every candidate is then checked with parseApiKey, and a look-alike with
// the right shape and a wrong checksum is dropped without a database look-up.
//
// The source keeps to the subset that JavaScript and Go's RE2 (gitleaks,
// trufflehog) read alike: no lookarounds, no backreferences. `\b` on both
// sides keeps a key from being found inside a longer word (a prefix glued to
// other letters, a 37th character).
import { CHECKSUM_LENGTH, KEY_PREFIX_PATTERN, parseApiKey, RANDOM_LENGTH } from "@/lib/api-keys/key-format";

/** The candidate pattern's source for keys with this prefix (KEY_PREFIX, "kw" by default). */
export function keyPatternSource(prefix: string): string {
  // The prefix is [a-z0-9] only (KEY_PREFIX_PATTERN), so it needs no escaping.
  if (!KEY_PREFIX_PATTERN.test(prefix)) throw new Error(`Invalid key prefix "${prefix}".`);
  return `\\b${prefix}_(?:live|test)_[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}\\b`;
}

export type FoundKey = {
  /** The secret. Callers hash it and look it up; they never print, log or store it. */
  secret: string;
  /** 1-based line and column of its first character. */
  line: number;
  column: number;
};

/** Every checksum-valid key with this prefix in `text`, in order of appearance. */
export function findKeysInText(text: string, prefix: string): FoundKey[] {
  const found: FoundKey[] = [];
  const pattern = new RegExp(keyPatternSource(prefix), "g");
  let lineStart = 0;
  let line = 1;
  for (const match of text.matchAll(pattern)) {
    if (!isKeyWithPrefix(match[0], prefix)) continue;
    // Count lines up to this match only once (matches come in order).
    for (let i = text.indexOf("\n", lineStart); i !== -1 && i < match.index; i = text.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    found.push({ secret: match[0], line, column: match.index - lineStart + 1 });
  }
  return found;
}

/** Well-formed, checksum-valid and carrying this deployment's prefix: worth a database look-up. */
export function isKeyWithPrefix(candidate: string, prefix: string): boolean {
  return parseApiKey(candidate)?.prefix === prefix;
}
