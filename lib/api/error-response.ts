// The one place where an error becomes an /api/v1 response. Every error body
// has the same shape: { error: "<Reason phrase>.", code, message?, ...details }.
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, noteDatabaseOutage } from "@/lib/db/outage";
import { AppError, ServiceUnavailableError } from "@/lib/errors";
import { logger } from "@/lib/logging/logger";

const REASON: Record<number, string> = {
  400: "Bad Request.",
  401: "Unauthorized.",
  402: "Payment Required.",
  403: "Forbidden.",
  404: "Not Found.",
  405: "Method Not Allowed.",
  409: "Conflict.",
  413: "Payload Too Large.",
  429: "Too Many Requests.",
  500: "Internal Server Error.",
  503: "Service Unavailable.",
};

/** `headers`: the request's own (rate limit, credits), under the error's own (a 429 carries fresher ones). */
export function errorResponse(error: unknown, requestId: string, headers: Record<string, string> = {}): Response {
  if (isDatabaseUnavailable(error)) {
    // An outage, not a bug: the client can retry, and the log has one line per outage.
    noteDatabaseOutage(error);
    error = new ServiceUnavailableError("database_unavailable", "The database is unreachable. Retry shortly.", DATABASE_RETRY_AFTER_SECONDS);
  }
  if (error instanceof AppError) {
    return jsonError(error.status, { code: error.code, message: error.message, ...error.details }, requestId, { ...headers, ...error.headers });
  }
  // Anything else is a bug or an outage: log it with the request id, answer with nothing but that id.
  logger().error({ err: error, requestId }, "[api] request failed with an unexpected error");
  return jsonError(500, { code: "internal_error", requestId }, requestId, headers);
}

function jsonError(status: number, body: Record<string, unknown>, requestId: string, headers: Record<string, string>) {
  return new Response(JSON.stringify({ error: REASON[status] ?? "Error.", ...body }), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers, "X-Request-Id": requestId },
  });
}
