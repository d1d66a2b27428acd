// The errors that service functions in lib/ throw on purpose. Each carries a
// stable machine-readable code from ERROR_CODES, which fixes its HTTP status;
// the API turns them into JSON in one place (lib/api/error-response.ts), the
// CLI prints them, and the dashboard shows them beside the form. Anything else
// is a bug, answered as a generic 500.

/**
 * Every code Keyward answers with, and its HTTP status. A code is part of the
 * API contract: clients branch on it, so never rename one; add a new one.
 */
export const ERROR_CODES = {
  // 400: the request itself is wrong.
  validation_failed: 400,
  invalid_json: 400,
  key_in_query: 400,
  conflicting_keys: 400,
  /** The HTTP server could not parse the request (lib/server/keyward-server.ts). */
  bad_request: 400,
  // 401: no credentials, or ones that do not work.
  missing_key: 401,
  invalid_key: 401,
  expired_key: 401,
  revoked_key: 401,
  invalid_token: 401,
  expired_token: 401,
  /** The dashboard's sign-in: one answer for an unknown email and a wrong password. */
  invalid_credentials: 401,
  // 402: a metered key's credits do not cover the request.
  credits_exhausted: 402,
  // 403: known, but not allowed to.
  insufficient_scope: 403,
  insufficient_role: 403,
  admin_only: 403,
  token_cannot_exchange: 403,
  beyond_role: 403,
  beyond_owner_role: 403,
  owner_left: 403,
  /** The key (or the key a token acts for) may not be used from the client's address. */
  ip_not_allowed: 403,
  // 404
  not_found: 404,
  // 405
  method_not_allowed: 405,
  // 408 and 431: the HTTP server cut the request off.
  request_timeout: 408,
  headers_too_large: 431,
  // 409: the state of things forbids it.
  already_revoked: 409,
  already_rotated: 409,
  key_revoked: 409,
  key_expired: 409,
  last_owner: 409,
  /** A webhook endpoint that is disabled sends nothing: enable it first. */
  endpoint_disabled: 409,
  delivery_in_progress: 409,
  // 413
  payload_too_large: 413,
  // 429: too much, too often.
  rate_limited: 429,
  quota_exceeded: 429,
  too_many_sign_ups: 429,
  sign_in_throttled: 429,
  // 500: a bug (only error-response.ts answers it).
  internal_error: 500,
  // 503: not now; retry after Retry-After.
  overloaded: 503,
  busy: 503,
  database_unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes answered with status S: a ConflictError takes only 409's, say. */
export type ErrorCodeWithStatus<S extends number> = { [C in ErrorCode]: (typeof ERROR_CODES)[C] extends S ? C : never }[ErrorCode];

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** From ERROR_CODES: a code always has the same status. */
  readonly status: number;
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = ERROR_CODES[code];
    this.details = details;
    this.headers = headers;
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly fields: FieldErrors,
    message = "Some fields are not valid.",
  ) {
    // `errors` is the same, as the list most API clients read ({ field, message }; field null for the whole body).
    super("validation_failed", message, { fields, errors: errorList(fields) });
  }
}

function errorList(fields: FieldErrors): { field: string | null; message: string }[] {
  return Object.entries(fields).flatMap(([field, messages]) => messages.map((message) => ({ field: field === "_" ? null : field, message })));
}

export class NotFoundError extends AppError {
  constructor(message = "Not found.") {
    super("not_found", message);
  }
}

export class ConflictError extends AppError {
  constructor(code: ErrorCodeWithStatus<409>, message: string) {
    super(code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(code: ErrorCodeWithStatus<403>, message = "Forbidden.", details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}

export class UnauthorizedError extends AppError {
  /** The API's Bearer failures (the dashboard's invalid_credentials is not one). */
  constructor(code: Exclude<ErrorCodeWithStatus<401>, "invalid_credentials">, message: string) {
    // RFC 6750 §3.1: a request that sent no credentials gets no error code.
    const challenge = code === "missing_key" ? `Bearer realm="keyward"` : `Bearer realm="keyward", error="invalid_token"`;
    super(code, message, {}, { "WWW-Authenticate": challenge });
  }
}

export class BadRequestError extends AppError {
  constructor(code: ErrorCodeWithStatus<400>, message: string) {
    super(code, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super("payload_too_large", `The request body is larger than ${limitBytes / 1024 / 1024} MB.`);
  }
}

export class MethodNotAllowedError extends AppError {
  constructor(method: string, allowed: string[]) {
    super("method_not_allowed", `${method} is not supported here. Use ${allowed.join(", ")}.`, {}, { Allow: allowed.join(", ") });
  }
}

/** Out of prepaid credits: 402, with what is left and what the request costs. */
export class PaymentRequiredError extends AppError {
  constructor(balance: number, cost: number, headers: Record<string, string>) {
    super("credits_exhausted", `This key's credits are used up: the request costs ${cost} and ${balance} are left. An admin can top them up.`, { balance, cost }, headers);
  }
}

/** Too many attempts from one client (sign-ups, sign-ins): 429, with when to try again. */
export class TooManyRequestsError extends AppError {
  constructor(code: ErrorCodeWithStatus<429>, message: string, retryAfterSeconds: number) {
    super(code, message, { retryAfterSeconds }, { "Retry-After": String(retryAfterSeconds) });
  }
}

/** The server cannot take this now (overloaded, or a dependency is away): 503 with Retry-After. */
export class ServiceUnavailableError extends AppError {
  constructor(code: ErrorCodeWithStatus<503>, message: string, retryAfterSeconds: number) {
    super(code, message, { retryAfterSeconds }, { "Retry-After": String(retryAfterSeconds) });
  }
}

/** zod issues as { field: [messages] }; issues about the whole object go under "_". */
export function fieldErrorsFrom(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
