// The one way a found or reported secret becomes a key: the checksum first,
// then the hash and a look-up. Shared by the secret scanning endpoint and
// `keyward scan`. The secret is hashed and dropped; nothing here keeps it.
import "server-only";
import { hashApiKey, hashToHex } from "@/lib/api-keys/hash-key";
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

const FOUND_KEY_SELECT = {
  id: true,
  hash: true,
  organizationId: true,
  organization: { select: { slug: true, name: true } },
  name: true,
  hint: true,
  environment: true,
  expiresAt: true,
  revokedAt: true,
} as const;

/**
 * The keys with these secrets, by secret; unknown ones are absent. A string
 * that is not a checksum-valid key with this deployment's prefix is dropped
 * before the database (so a flood of look-alikes costs no queries), and the
 * rest are looked up in one query, however many there are.
 */
export async function findKeysBySecrets(secrets: Iterable<string>): Promise<Map<string, FoundApiKey>> {
  const env = serverEnv();
  const byHash = new Map<string, string>();
  for (const secret of new Set(secrets)) {
    if (isKeyWithPrefix(secret, env.KEY_PREFIX)) byHash.set(hashToHex(hashApiKey(secret, env.KEY_PEPPER)), secret);
  }
  const found = new Map<string, FoundApiKey>();
  if (byHash.size === 0) return found;
  const rows = await getPrisma().apiKey.findMany({
    where: { hash: { in: [...byHash.keys()].map((hex) => new Uint8Array(Buffer.from(hex, "hex"))) } },
    select: FOUND_KEY_SELECT,
  });
  for (const { hash, ...key } of rows) found.set(byHash.get(hashToHex(hash))!, key);
  return found;
}
