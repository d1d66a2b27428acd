// API keys are long random strings, so a keyed fast hash is the right tool:
// HMAC-SHA256 with a server-side pepper takes microseconds, and without the
// pepper a stolen database gives an attacker nothing to test guesses against.
// (bcrypt exists to slow down guessing of low-entropy passwords; a 178-bit key
// cannot be guessed, so its ~60 ms per check would only slow every request.)
import { createHmac } from "node:crypto";

/** 32 bytes, as stored in api_keys.hash (a Uint8Array, which is what Prisma's Bytes take). */
export function hashApiKey(key: string, pepper: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHmac("sha256", pepper).update(key).digest());
}

/** The hash as text: the verification cache's key and the change notification's payload. */
export function hashToHex(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString("hex");
}
