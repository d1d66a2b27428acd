// The authentication and authorization wrapper that every /api/v1 handler goes
// through (tests/integration/api-routes.test.ts fails for a route that skips
// it). It lives beside the handler rather than in a proxy: a proxy costs a
// third of the throughput, and CVE-2025-29927 showed how a proxy can be skipped.
//
// In order: read the key (or token) → verify it and its IP allowlist → rate limit and quota → scope → credits → handler.
// Every response gets X-Request-Id (and, once the key is known, the rate-limit
// headers), and every request made with a valid key is counted for usage.
import { randomUUID } from "node:crypto";
import { accessFor, hasScope, type ApiResource } from "@/lib/api-keys/scopes";
import type { VerifiedKey } from "@/lib/api-keys/verify-api-key";
import { ForbiddenError } from "@/lib/errors";
import { chargeCredits, creditCost, CREDITS_HEADER, refundCredits } from "@/lib/credits/charge-credits";
import { observeApiRequest } from "@/lib/observability/observe-api-request";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";
import { usageRecorder } from "@/lib/usage/usage-recorder";
import { authenticate, type ApiCaller } from "./authenticate";
import { errorResponse } from "./error-response";
import type { ApiReply } from "./respond";

/** `key`: the calling key (also behind a token); `caller`: scopes in force and the user a token acts for. */
export type ApiContext<Params> = { key: VerifiedKey; caller: ApiCaller; params: Params; requestId: string };
export type ApiHandler<Params> = (request: Request, context: ApiContext<Params>) => Promise<ApiReply>;
type NextRouteContext<Params> = { params: Promise<Params> };
export type GuardedRoute<Params> = (request: Request, context: NextRouteContext<Params>) => Promise<Response>;

export type GuardOptions = {
  /** Which scope family the route needs (read for GET/HEAD, write otherwise, or the resource's own access); null: any valid key. */
  resource: ApiResource | null;
  /** The route's pattern, as usage reports name it, e.g. "/api/v1/resources/{id}". */
  route: string;
};

/** Marks a route handler as guarded; the route-walk test looks for it. */
export const API_KEY_GUARD = Symbol.for("keyward.withApiKey");

export function withApiKey<Params = Record<string, never>>(handler: ApiHandler<Params>, options: GuardOptions): GuardedRoute<Params> {
  const guarded: GuardedRoute<Params> = async (request, context) => {
    const started = performance.now();
    const requestId = randomUUID();
    let key: VerifiedKey | null = null;
    let actingUserId: string | null = null;
    let headers: Record<string, string> = {};
    let charged = 0;
    let response: Response;
    try {
      const caller = await authenticate(request);
      key = caller.key;
      actingUserId = caller.userId;
      // A key's tokens share its limits and quota: exchanging buys no fresh allowance.
      headers = await enforceRateLimit(key);
      if (options.resource) {
        const access = accessFor(options.resource, request.method);
        if (!hasScope(caller.scopes, options.resource, access)) {
          throw new ForbiddenError("insufficient_scope", "Forbidden.", {
            message: `This ${caller.userId ? "token" : "key"} lacks the ${options.resource}:${access} scope.`,
            required: `${options.resource}:${access}`,
          });
        }
      }
      if (key.hasCredits) {
        // Prepaid credits, after the limits: a request that is refused costs nothing.
        const cost = creditCost(request.method, options.route);
        const balance = cost > 0 ? await chargeCredits(key, cost) : null;
        if (balance !== null) {
          charged = cost;
          headers[CREDITS_HEADER] = String(balance);
        }
      }
      const reply = await handler(request, { key, caller, params: await context.params, requestId });
      // The one Response, with every header at once (see respond.ts).
      response = new Response(reply.json, {
        status: reply.status,
        headers: { "Content-Type": "application/json", ...headers, ...reply.headers, "X-Request-Id": requestId },
      });
    } catch (error) {
      response = errorResponse(error, requestId, headers);
      if (charged && key && response.status >= 500) {
        // The server failed it: the client got nothing for its credits. (Rare: the one header set afterwards.)
        const balance = await refundCredits(key, charged).catch(() => null);
        if (balance !== null) response.headers.set(CREDITS_HEADER, String(balance));
      }
    }
    const durationMs = performance.now() - started;
    if (key) {
      usageRecorder().record({
        apiKeyId: key.id,
        organizationId: key.organizationId,
        actingUserId,
        route: `${request.method} ${options.route}`,
        status: response.status,
        durationMs,
        at: Date.now(),
      });
    }
    observeApiRequest({ request, route: options.route, status: response.status, durationMs, requestId, key, actingUserId });
    return response;
  };
  Object.defineProperty(guarded, API_KEY_GUARD, { value: options });
  return guarded;
}
