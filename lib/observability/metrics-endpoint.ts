// GET /api/metrics: what Prometheus scrapes. Off (404) unless METRICS_TOKEN is
// set, because the figures describe the deployment (routes, traffic, Redis and
// database state) to whoever can read them; with it, only a matching Bearer
// token gets them. Not an /api/v1 route: it needs no API key, and it is not
// counted in the request metrics it serves.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { errorResponse } from "@/lib/api/error-response";
import { NotFoundError, UnauthorizedError } from "@/lib/errors";
import { services } from "@/lib/runtime/services";
import type { KeywardMetrics } from "./metrics";

export async function metricsResponse(request: Request, token: string | undefined, metrics: KeywardMetrics = services().metrics): Promise<Response> {
  const requestId = crypto.randomUUID();
  try {
    if (!token) throw new NotFoundError();
    const presented = /^Bearer +(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    if (!presented) throw new UnauthorizedError("missing_key", "Send METRICS_TOKEN as a Bearer token.");
    if (!sameSecret(presented, token)) throw new UnauthorizedError("invalid_token", "The Bearer token is not METRICS_TOKEN.");
    return new Response(await metrics.render(), { headers: { "Content-Type": metrics.contentType, "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error, requestId);
  }
}

/** Compared as fixed-length digests, in constant time: neither the content nor the length leaks through timing. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
