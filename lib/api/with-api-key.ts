// The authentication and authorization wrapper that every /api/v1 handler goes
// through (tests/integration/api-routes.test.ts fails for a route that skips
// it). It lives beside the handler rather than in a proxy: a proxy costs a
// third of the throughput, and CVE-2025-29927 showed how a proxy can be skipped.
import { randomUUID } from "node:crypto";
import { UnauthorizedError, ForbiddenError } from "@/lib/errors";
import { touchLastUsed } from "@/lib/api-keys/touch-last-used";
import { hasScope, type ApiResource } from "@/lib/api-keys/scopes";
import { verifyApiKey, type VerificationFailure, type VerifiedKey } from "@/lib/api-keys/verify-api-key";
import { errorResponse } from "./error-response";
import { readApiKey } from "./read-api-key";

export type ApiContext<Params> = { key: VerifiedKey; params: Params; requestId: string };
export type ApiHandler<Params> = (request: Request, context: ApiContext<Params>) => Promise<Response>;
type NextRouteContext<Params> = { params: Promise<Params> };
export type GuardedRoute<Params> = (request: Request, context: NextRouteContext<Params>) => Promise<Response>;

/** Marks a route handler as guarded; the route-walk test looks for it. */
export const API_KEY_GUARD = Symbol.for("keyward.withApiKey");

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const FAILURE_MESSAGES: Record<VerificationFailure, string> = {
  invalid_key: "This API key is not valid.",
  expired_key: "This API key has expired.",
  revoked_key: "This API key has been revoked.",
};

/**
 * `resource`: which scope family the route needs (read for GET/HEAD, write
 * otherwise); null for routes any valid key may call, such as /api/v1/me.
 */
export function withApiKey<Params = Record<string, never>>(
  handler: ApiHandler<Params>,
  options: { resource: ApiResource | null },
): GuardedRoute<Params> {
  const guarded: GuardedRoute<Params> = async (request, context) => {
    const requestId = randomUUID();
    try {
      const verification = await verifyApiKey(readApiKey(request));
      if (!verification.ok) throw new UnauthorizedError(verification.code, FAILURE_MESSAGES[verification.code]);
      const { key } = verification;
      if (options.resource) {
        const access = READ_METHODS.has(request.method) ? "read" : "write";
        if (!hasScope(key.scopes, options.resource, access)) {
          throw new ForbiddenError("insufficient_scope", "Forbidden.", {
            message: `This key lacks the ${options.resource}:${access} scope.`,
            required: `${options.resource}:${access}`,
          });
        }
      }
      touchLastUsed(key.id);
      const response = await handler(request, { key, params: await context.params, requestId });
      response.headers.set("X-Request-Id", requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
  Object.defineProperty(guarded, API_KEY_GUARD, { value: options });
  return guarded;
}
