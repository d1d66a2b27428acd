// Short-lived JWTs that act for one user, issued by token exchange
// (token-exchange.ts) and accepted by /api/v1 beside API keys. A customer's
// backend can verify them itself against /.well-known/jwks.json.
//
// Claims: iss, aud, sub (the user), org, scope (space-separated), iat, exp,
// jti, and act: { sub: <API key id> } (RFC 8693: the key that acted). The key
// is checked on every request, so revoking it ends its tokens at once.
import "server-only";
import { randomUUID } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { serverEnv } from "@/lib/env";
import { currentSigner, SIGNING_ALGORITHM, verificationKey } from "./signing-keys";

export type AccessTokenClaims = { sub: string; org: string; scope: string; jti: string; act: { sub: string }; exp: number };
export type TokenVerification = { ok: true; claims: AccessTokenClaims } | { ok: false; code: "invalid_token" | "expired_token" };

/** A compact JWS: three base64url parts, the first a JSON header ("eyJ"). Keys never look like this. */
const JWT_SHAPE = /^eyJ[\w-]*\.eyJ[\w-]*\.[\w-]+$/;

export function looksLikeJwt(credential: string): boolean {
  return JWT_SHAPE.test(credential);
}

/** Who signs and for whom: a backend checks both. */
export function tokenSettings() {
  const env = serverEnv();
  return {
    issuer: env.KEYWARD_TOKEN_ISSUER ?? env.NEXTAUTH_URL ?? "keyward",
    audience: env.KEYWARD_TOKEN_AUDIENCE,
    ttlSeconds: env.KEYWARD_TOKEN_TTL_SECONDS,
  };
}

export async function signAccessToken(claims: { userId: string; organizationId: string; scopes: string[]; apiKeyId: string }, now = Date.now()) {
  const { issuer, audience, ttlSeconds } = tokenSettings();
  const signer = await currentSigner(now);
  const issuedAt = Math.floor(now / 1000);
  const jti = randomUUID();
  const token = await new SignJWT({ org: claims.organizationId, scope: claims.scopes.join(" "), act: { sub: claims.apiKeyId } })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: signer.kid, typ: "at+jwt" })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(claims.userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .setJti(jti)
    .sign(signer.privateKey);
  return { token, jti, expiresIn: ttlSeconds, expiresAt: new Date((issuedAt + ttlSeconds) * 1000) };
}

/**
 * Tokens already verified, until they expire. A client reuses its token for
 * up to 15 minutes, and an ES256 signature check cost about a quarter of the
 * token path's throughput (bench/results.md). Only tokens that passed every
 * check enter; expiry is checked on every hit; the key behind the token is
 * still checked on every request (authenticate.ts), so revoking it still ends
 * the token at once. Bounded: the oldest entry leaves first.
 */
const verified = new Map<string, AccessTokenClaims>();
const MAX_VERIFIED = 10_000;
const CLOCK_TOLERANCE_SECONDS = 5;

/** Signature (by a published key), issuer, audience and expiry; the claims Keyward needs, each of the right type. */
export async function verifyAccessToken(token: string, now = Date.now()): Promise<TokenVerification> {
  const known = verified.get(token);
  if (known) {
    if (known.exp + CLOCK_TOLERANCE_SECONDS > now / 1000) return { ok: true, claims: known };
    verified.delete(token);
    return { ok: false, code: "expired_token" };
  }
  const verification = await verifySignedToken(token);
  if (verification.ok) {
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
    verified.set(token, verification.claims);
  }
  return verification;
}

async function verifySignedToken(token: string): Promise<TokenVerification> {
  const { issuer, audience } = tokenSettings();
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const key = header.kid ? await verificationKey(header.kid) : null;
        if (!key) throw new joseErrors.JWKSNoMatchingKey();
        return key;
      },
      { issuer, audience, algorithms: [SIGNING_ALGORITHM], typ: "at+jwt", requiredClaims: ["sub", "exp", "jti"], clockTolerance: CLOCK_TOLERANCE_SECONDS },
    );
    const claims = readClaims(payload);
    return claims ? { ok: true, claims } : { ok: false, code: "invalid_token" };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { ok: false, code: "expired_token" };
    if (error instanceof joseErrors.JOSEError) return { ok: false, code: "invalid_token" };
    throw error; // the database (a kid look-up) or a bug: not the client's fault
  }
}

function readClaims(payload: JWTPayload): AccessTokenClaims | null {
  const { sub, org, scope, jti, act, exp } = payload as Record<string, unknown>;
  const actor = act as { sub?: unknown } | undefined;
  if (typeof sub !== "string" || typeof org !== "string" || typeof scope !== "string" || typeof jti !== "string" || typeof exp !== "number") return null;
  if (typeof actor?.sub !== "string") return null;
  return { sub, org, scope, jti, exp, act: { sub: actor.sub } };
}
