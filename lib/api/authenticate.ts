// Who is calling /api/v1: an API key, or a token from token exchange that acts
// for one user on behalf of a key. Both end as the same caller: the key (its
// limits, usage and organization), the scopes in force, and the user if any.
import { verifyApiKey, verifyApiKeyById, type VerificationFailure, type VerifiedKey } from "@/lib/api-keys/verify-api-key";
import { UnauthorizedError } from "@/lib/errors";
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
