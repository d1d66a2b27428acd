// The one way a found or reported secret becomes a key: the checksum first,
// then the hash and a look-up. Shared by the secret scanning endpoint and
// `keyward scan`. The secret is hashed and dropped; nothing here keeps it.
import "server-only";
import { hashApiKey } from "@/lib/api-keys/hash-key";
import { getPrisma } from "@/lib/db/prisma";
import { serverEnv } from "@/lib/env";
import { isKeyWithPrefix } from "./key-pattern";

export type FoundApiKey = {
  id: string;
  organizationId: string;
  organization: { slug: string; name: string };
  name: string;
  hint: string;
  environment: "LIVE" | "TEST";
  expiresAt: Date | null;
  revokedAt: Date | null;
};

/**
 * The key with this secret, or null for an unknown one. A string that is not
 * a checksum-valid key with this deployment's prefix is null without a
 * database look-up (so a flood of look-alikes costs no queries).
 */
export async function findKeyBySecret(secret: string): Promise<FoundApiKey | null> {
  const env = serverEnv();
  if (!isKeyWithPrefix(secret, env.KEY_PREFIX)) return null;
  return getPrisma().apiKey.findUnique({
    where: { hash: hashApiKey(secret, env.KEY_PEPPER) },
    select: {
      id: true,
      organizationId: true,
      organization: { select: { slug: true, name: true } },
      name: true,
      hint: true,
      environment: true,
      expiresAt: true,
      revokedAt: true,
    },
  });
}

export type KeyState = "active" | "revoked" | "expired";

/** Whether the key still works now: only a working key is acted on. */
export function keyState(key: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): KeyState {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt <= now) return "expired";
  return "active";
}
