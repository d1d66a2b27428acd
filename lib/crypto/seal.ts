// Sealing secrets that Keyward must read back (token signing keys, webhook
// signing secrets) but that a database dump alone must not reveal: AES-256-GCM
// under a key derived from AUTH_SECRET, one derived key per purpose. If
// AUTH_SECRET changes, what was sealed under the old one cannot be opened
// (unseal answers null) and its owner makes a new secret.
import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { serverEnv } from "@/lib/env";

/** What a sealed value is for: the derived key differs, so one purpose's box never opens another's. */
export type SealPurpose = "signing-keys:v1" | "webhook-secrets:v1";

function sealingKey(purpose: SealPurpose): Buffer {
  return Buffer.from(hkdfSync("sha256", serverEnv().AUTH_SECRET, "keyward", purpose, 32));
}

/** iv (12 bytes) ‖ tag (16) ‖ ciphertext. */
export function seal(purpose: SealPurpose, plaintext: string): Uint8Array<ArrayBuffer> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(purpose), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), ciphertext]));
}

/** null when it was sealed under another AUTH_SECRET or purpose (or tampered with). */
export function unseal(purpose: SealPurpose, sealed: Uint8Array): string | null {
  const bytes = Buffer.from(sealed);
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(purpose), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
