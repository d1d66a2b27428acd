// An endpoint's signing secrets, sealed at rest (lib/crypto/seal.ts), and
// which of them sign an attempt now: the current one, and the previous one
// until its overlap after a rotation ends.
import "server-only";
import { seal, unseal } from "@/lib/crypto/seal";

/** How long the secret before a rotation keeps signing, so receivers can switch over. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export function sealSecret(secret: string): Uint8Array<ArrayBuffer> {
  return seal("webhook-secrets:v1", secret);
}

type SealedSecrets = { secretSealed: Uint8Array; previousSecretSealed: Uint8Array | null; previousSecretUntil: Date | null };

/**
 * The secrets that sign now, current first. Empty when none can be opened
 * (AUTH_SECRET changed): the attempt fails, and rotating the secret mends it.
 */
export function signingSecrets(endpoint: SealedSecrets, now = new Date()): string[] {
  const current = unseal("webhook-secrets:v1", endpoint.secretSealed);
  const previous =
    endpoint.previousSecretSealed && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now ? unseal("webhook-secrets:v1", endpoint.previousSecretSealed) : null;
  return [current, previous].filter((secret): secret is string => secret !== null);
}
