// The end of every /api/v1 request (lib/api/with-api-key.ts): one sample in
// the request metrics and one log line. On the hot path, so it awaits nothing
// and does little: two counter updates and one synchronous pino write.
import type { VerifiedKey } from "@/lib/api-keys/verify-api-key";
import { logger } from "@/lib/logging/logger";
import { services } from "@/lib/runtime/services";

export type ApiRequestOutcome = {
  request: Request;
  /** The route's pattern ("/api/v1/resources/{id}"), never the URL: metric labels must stay few. */
  route: string;
  status: number;
  /** From the request's arrival to its Response (the same figure the usage records). */
  durationMs: number;
  requestId: string;
  /** null when the key was missing or did not verify. */
  key: VerifiedKey | null;
  /** The user a token acted for. */
  actingUserId: string | null;
};

export function observeApiRequest(outcome: ApiRequestOutcome) {
  const { durationMs } = outcome;
  const { method } = outcome.request;
  services().metrics.observeApiRequest(method, outcome.route, outcome.status, durationMs / 1000);
  const log = logger();
  const line = {
    requestId: outcome.requestId,
    keyId: outcome.key?.id ?? null,
    organizationId: outcome.key?.organizationId ?? null,
    userId: outcome.actingUserId ?? undefined,
    method,
    route: outcome.route,
    status: outcome.status,
    durationMs: Math.round(durationMs * 10) / 10,
  };
  // At debug, the request's headers too (redacted by the logger: see lib/logging/logger.ts).
  if (log.isLevelEnabled("debug")) log.debug({ ...line, headers: Object.fromEntries(outcome.request.headers) }, "api request");
  else log.info(line, "api request");
}
