import "server-only";
import { errorResponse } from "@/lib/api/error-response";
import { publishedKeys } from "./signing-keys";

/**
 * GET /.well-known/jwks.json: the public keys that verify token exchange's
 * JWTs (the current one and the previous one). Public and cacheable for five
 * minutes: a verifier that meets an unknown `kid` fetches again (jose's
 * createRemoteJWKSet does), so a new key is picked up at once.
 */
export async function jwksResponse(): Promise<Response> {
  try {
    return Response.json({ keys: await publishedKeys() }, { headers: { "Cache-Control": "public, max-age=300, stale-while-revalidate=60" } });
  } catch (error) {
    return errorResponse(error, crypto.randomUUID());
  }
}
