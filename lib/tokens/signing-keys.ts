// The ES256 keys that sign token exchange's JWTs, kept in PostgreSQL so that
// every instance signs with the same key and publishes the same JWKS.
// - One key signs at a time, for KEYWARD_SIGNING_KEY_DAYS (30); the first
//   instance that needs a key after that makes the next one (under a lock, so
//   instances do not race to make two).
// - A key stays published until the last token it signed has expired, so the
//   JWKS holds the current key and the previous one, as verifiers expect.
// - The private half is sealed (lib/crypto/seal.ts) under a key derived from
//   AUTH_SECRET: a database dump alone cannot sign tokens. If AUTH_SECRET
//   changes, the sealed keys cannot be opened; a new one is made, and tokens
//   the old ones signed still verify until they expire (the public halves are
//   not secret).
import "server-only";
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { seal, unseal } from "@/lib/crypto/seal";
import { getPrisma } from "@/lib/db/prisma";
import { serverEnv } from "@/lib/env";

export const SIGNING_ALGORITHM = "ES256";
const DAY_MS = 86_400_000;
/** At most one database read per this interval for a `kid` nobody knows (a flood of made-up tokens). */
const UNKNOWN_KID_REFRESH_MS = 5_000;

type Signer = { kid: string; privateKey: CryptoKey; signsUntil: number };
type State = { signer: Promise<Signer> | null; verifiers: Map<string, CryptoKey>; verifiersLoadedAt: number; loading: Promise<void> | null };
const globalState = globalThis as unknown as { keywardSigningKeys?: State };

function state(): State {
  return (globalState.keywardSigningKeys ??= { signer: null, verifiers: new Map(), verifiersLoadedAt: 0, loading: null });
}

/** The key to sign with now: the newest one still signing, or a new one. */
export async function currentSigner(now = Date.now()): Promise<Signer> {
  const current = state();
  const cached = current.signer && (await current.signer.catch(() => null));
  if (cached && cached.signsUntil > now) return cached;
  current.signer = loadOrCreateSigner(now);
  current.signer.catch(() => (current.signer = null));
  return current.signer;
}

async function loadOrCreateSigner(now: number): Promise<Signer> {
  return getPrisma().$transaction(async (tx) => {
    // One instance at a time decides whether a new key is needed.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('keyward_signing_keys', 0))`;
    const candidates = await tx.signingKey.findMany({ where: { signsUntil: { gt: new Date(now) } }, orderBy: { createdAt: "desc" } });
    for (const row of candidates) {
      const privateJwk = unsealJwk(row.privateJwkEncrypted);
      if (privateJwk) return { kid: row.id, privateKey: (await importJWK(privateJwk, SIGNING_ALGORITHM)) as CryptoKey, signsUntil: row.signsUntil.getTime() };
    }
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
    const kid = `kw_${randomBytes(12).toString("base64url")}`;
    const env = serverEnv();
    const signsUntil = now + env.KEYWARD_SIGNING_KEY_DAYS * DAY_MS;
    await tx.signingKey.create({
      data: {
        id: kid,
        algorithm: SIGNING_ALGORITHM,
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALGORITHM, use: "sig" },
        privateJwkEncrypted: sealJwk(await exportJWK(privateKey)),
        signsUntil: new Date(signsUntil),
        // Tokens signed at the last moment live one TTL more; a day of margin for clocks and caches.
        publishedUntil: new Date(signsUntil + env.KEYWARD_TOKEN_TTL_SECONDS * 1000 + DAY_MS),
      },
    });
    return { kid, privateKey: privateKey as CryptoKey, signsUntil };
  });
}

/** The public keys a verifier needs: every key whose tokens may still be valid, newest first. */
export async function publishedKeys(now = Date.now()): Promise<JWK[]> {
  const rows = await getPrisma().signingKey.findMany({
    where: { publishedUntil: { gt: new Date(now) } },
    orderBy: { createdAt: "desc" },
    select: { publicJwk: true },
  });
  return rows.map((row) => row.publicJwk as JWK);
}

/** The public key for a token's `kid`, or null when no published key has it. */
export async function verificationKey(kid: string): Promise<CryptoKey | null> {
  const current = state();
  const known = current.verifiers.get(kid);
  if (known) return known;
  if (Date.now() - current.verifiersLoadedAt >= UNKNOWN_KID_REFRESH_MS) {
    current.loading ??= reloadVerifiers(current).finally(() => (current.loading = null));
    await current.loading;
  }
  return current.verifiers.get(kid) ?? null;
}

async function reloadVerifiers(current: State) {
  const jwks = await publishedKeys();
  const verifiers = new Map<string, CryptoKey>();
  for (const jwk of jwks) if (jwk.kid) verifiers.set(jwk.kid, (await importJWK(jwk, SIGNING_ALGORITHM)) as CryptoKey);
  current.verifiers = verifiers;
  current.verifiersLoadedAt = Date.now();
}

/** Forget what this process cached (tests that change keys underneath it). */
export function forgetSigningKeys() {
  delete globalState.keywardSigningKeys;
}

function sealJwk(jwk: JWK): Uint8Array<ArrayBuffer> {
  return seal("signing-keys:v1", JSON.stringify(jwk));
}

/** null when it was sealed under another AUTH_SECRET (or tampered with). */
function unsealJwk(sealed: Uint8Array): JWK | null {
  const json = unseal("signing-keys:v1", sealed);
  return json === null ? null : (JSON.parse(json) as JWK);
}
