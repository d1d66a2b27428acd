// Who is calling /api/v1: an API key, or a token from token exchange that acts
// for one user on behalf of a key. Both end as the same caller: the key (its
// limits, usage and organization), the scopes in force, and the user if any.
// Both are held to the key's IP allowlist: a token acts for its key, so it is
// used from where the key may be used.
import { verifyApiKey, verifyApiKeyById, type VerificationFailure, type VerifiedKey } from "@/lib/api-keys/verify-api-key";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { clientIpFrom } from "@/lib/http/client-ip";
import { looksLikeJwt, verifyAccessToken } from "@/lib/tokens/access-tokens";
import { readApiKey } from "./read-api-key";

export type ApiCaller = {
  key: VerifiedKey;
  /** The key's scopes, or a token's (the key's, narrowed to its user's role). */
  scopes: string[];
  /** The user a token acts for; null for a key on its own. */
  userId: string | null;
};

const KEY_FAILURES: Record<VerificationFailure, string> = {
  invalid_key: "This API key is not valid.",
  expired_key: "This API key has expired.",
  revoked_key: "This API key has been revoked.",
};

const TOKEN_FAILURES = {
  invalid_token: "This token is not valid.",
  expired_token: "This token has expired. Exchange the API key for a new one.",
} as const;

export async function authenticate(request: Request): Promise<ApiCaller> {
  const caller = await identify(request);
  assertIpAllowed(caller.key, request);
  return caller;
}

async function identify(request: Request): Promise<ApiCaller> {
  const credential = readApiKey(request);
  if (!looksLikeJwt(credential)) {
    const verification = await verifyApiKey(credential);
    if (!verification.ok) throw new UnauthorizedError(verification.code, KEY_FAILURES[verification.code]);
    return { key: verification.key, scopes: verification.key.scopes, userId: null };
  }
  const token = await verifyAccessToken(credential);
  if (!token.ok) throw new UnauthorizedError(token.code, TOKEN_FAILURES[token.code]);
  // The key that acted, as it is now: revoking or expiring it ends its tokens at once.
  const verification = await verifyApiKeyById(token.claims.act.sub);
  if (!verification.ok) {
    throw new UnauthorizedError(verification.code, `This token's API key ${KEY_FAILURES[verification.code].slice("This API key ".length, -1)}, so the token no longer works.`);
  }
  if (verification.key.organizationId !== token.claims.org) throw new UnauthorizedError("invalid_token", TOKEN_FAILURES.invalid_token);
  return { key: verification.key, scopes: token.claims.scope.split(" ").filter(Boolean), userId: token.claims.sub };
}

/**
 * The client's address (resolved by Keyward's server under TRUSTED_PROXIES,
 * never read from X-Forwarded-For here) must be on the key's allowlist. A key
 * without one skips this entirely; a restricted key with no known client
 * address is refused, since nothing shows the request comes from inside.
 */
function assertIpAllowed(key: VerifiedKey, request: Request) {
  if (!key.allowsIp) return;
  const ip = clientIpFrom(request.headers);
  if (key.allowsIp(ip)) return;
  throw new ForbiddenError(
    "ip_not_allowed",
    "Forbidden.",
    { message: ip ? `This key may not be used from ${ip}. Its allowed addresses are set on the key's page.` : "This key is restricted to some IP addresses, and this request's address is not known." },
  );
}
