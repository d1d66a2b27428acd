// API keys are long random strings, so a keyed fast hash is the right tool:
// HMAC-SHA256 with a server-side pepper takes microseconds, and without the
// pepper a stolen database gives an attacker nothing to test guesses against.
// (bcrypt exists to slow down guessing of low-entropy passwords; a 178-bit key
// cannot be guessed, so its ~60 ms per check would only slow every request.)
import { createHmac, createSecretKey, type KeyObject } from "node:crypto";

/** The pepper as a KeyObject, made once: HMAC with a KeyObject skips importing the key on every call (about a tenth of its cost). */
let pepperKey: { pepper: string; key: KeyObject } | null = null;

/** 32 bytes, as stored in api_keys.hash (a Uint8Array, which is what Prisma's Bytes take). */
export function hashApiKey(key: string, pepper: string): Uint8Array<ArrayBuffer> {
  if (pepperKey?.pepper !== pepper) pepperKey = { pepper, key: createSecretKey(Buffer.from(pepper, "utf8")) };
  return new Uint8Array(createHmac("sha256", pepperKey.key).update(key).digest());
}

/** The hash as text: the verification cache's key and the change notification's payload. */
export function hashToHex(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString("hex");
}
