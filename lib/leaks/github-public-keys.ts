// The public keys that sign GitHub's secret scanning reports, in the format
// GitHub publishes them (https://api.github.com/meta/public_keys/secret_scanning):
//
//   { "public_keys": [{ "key_identifier": "…", "key": "-----BEGIN PUBLIC KEY-----…", "is_current": true }] }
//
// The operator gives them to Keyward inline (KEYWARD_SECRET_SCANNING_KEYS) or
// as a file (KEYWARD_SECRET_SCANNING_KEYS_FILE, read on every report, so a
// refreshed file takes effect without a restart). Keyward never fetches them:
// its servers may have no way out, and a key fetched from the network at
// request time would be trusted on the network's word.
//
// A report is signed with ECDSA P-256 over SHA-256 of the exact body bytes;
// the signature header is base64 of the DER-encoded signature, and the
// identifier header names the key. Keys no longer current still verify: GitHub
// rotates by publishing the new key first, and reports in flight may carry the old one.
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";

export const GitHubPublicKeysSchema = z.object({
  public_keys: z
    .array(
      z.object({
        key_identifier: z.string().min(1),
        // Checked whole here, so a bad key stops start-up rather than failing the first report.
        key: z.string().refine((pem) => isP256PublicKey(pem), { message: "each key must be an ECDSA P-256 public key in PEM" }),
        is_current: z.boolean().optional(),
      }),
    )
    .min(1),
});

function isP256PublicKey(pem: string): boolean {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1";
  } catch {
    return false;
  }
}

export type GitHubPublicKeys = z.infer<typeof GitHubPublicKeysSchema>;

/** The verifying keys by identifier; throws on a key that is not an EC P-256 public key. */
export function verifyingKeys(keys: GitHubPublicKeys): Map<string, KeyObject> {
  const byId = new Map<string, KeyObject>();
  for (const entry of keys.public_keys) {
    if (!isP256PublicKey(entry.key)) throw new Error(`Secret scanning key "${entry.key_identifier}" is not an ECDSA P-256 public key.`);
    byId.set(entry.key_identifier, createPublicKey(entry.key));
  }
  return byId;
}

/**
 * The configured keys: the inline ones and the file's, together. Null when
 * neither is set, which turns the endpoint off. A file that cannot be read or
 * parsed is an error (the operator meant to turn it on).
 */
export function configuredVerifyingKeys(settings: { inline?: GitHubPublicKeys; file?: string }): Map<string, KeyObject> | null {
  if (!settings.inline && !settings.file) return null;
  const keys = new Map<string, KeyObject>();
  if (settings.inline) for (const [id, key] of verifyingKeys(settings.inline)) keys.set(id, key);
  if (settings.file) {
    const parsed = GitHubPublicKeysSchema.parse(JSON.parse(readFileSync(settings.file, "utf8")));
    for (const [id, key] of verifyingKeys(parsed)) keys.set(id, key);
  }
  return keys;
}

/** Whether `signature` (base64 DER) is a valid signature of `body` by the key named `identifier`. */
export function isSignedByGitHub(keys: Map<string, KeyObject>, identifier: string | null, signature: string | null, body: Uint8Array): boolean {
  if (!identifier || !signature) return false;
  const key = keys.get(identifier);
  if (!key) return false;
  try {
    return verify("sha256", body, { key, dsaEncoding: "der" }, Buffer.from(signature, "base64"));
  } catch {
    // A signature that is not DER at all.
    return false;
  }
}
