// The errors that service functions in lib/ throw on purpose. Each carries an
// HTTP status and a stable machine-readable code; the API turns them into JSON
// in one place (lib/api/error-response.ts), the CLI prints them, and the
// dashboard shows them beside the form. Anything else is a bug, answered as a
// generic 500.

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra JSON members of the error body, e.g. { required: "resources:write" }. */
    readonly details: Record<string, unknown> = {},
    /** Extra response headers, e.g. Allow for a 405. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly fields: FieldErrors,
    message = "Some fields are not valid.",
  ) {
    // `errors` is the same, as the list most API clients read ({ field, message }; field null for the whole body).
    super(400, "validation_failed", message, { fields, errors: errorList(fields) });
  }
}

function errorList(fields: FieldErrors): { field: string | null; message: string }[] {
  return Object.entries(fields).flatMap(([field, messages]) => messages.map((message) => ({ field: field === "_" ? null : field, message })));
}

export class NotFoundError extends AppError {
  constructor(message = "Not found.") {
    super(404, "not_found", message);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(code: string, message = "Forbidden.", details: Record<string, unknown> = {}) {
    super(403, code, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(code: "missing_key" | "invalid_key" | "expired_key" | "revoked_key" | "invalid_token" | "expired_token", message: string) {
    // RFC 6750 §3.1: a request that sent no credentials gets no error code.
    const challenge = code === "missing_key" ? `Bearer realm="keyward"` : `Bearer realm="keyward", error="invalid_token"`;
    super(401, code, message, {}, { "WWW-Authenticate": challenge });
  }
}

export class BadRequestError extends AppError {
  constructor(code: string, message: string) {
    super(400, code, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `The request body is larger than ${limitBytes / 1024 / 1024} MB.`);
  }
}

export class MethodNotAllowedError extends AppError {
  constructor(method: string, allowed: string[]) {
    super(405, "method_not_allowed", `${method} is not supported here. Use ${allowed.join(", ")}.`, {}, { Allow: allowed.join(", ") });
  }
}

/** Out of prepaid credits: 402, with what is left and what the request costs. */
export class PaymentRequiredError extends AppError {
  constructor(balance: number, cost: number, headers: Record<string, string>) {
    super(402, "credits_exhausted", `This key's credits are used up: the request costs ${cost} and ${balance} are left. An admin can top them up.`, { balance, cost }, headers);
  }
}

/** Too many attempts from one client (sign-ups, sign-ins): 429, with when to try again. */
export class TooManyRequestsError extends AppError {
  constructor(code: string, message: string, retryAfterSeconds: number) {
    super(429, code, message, { retryAfterSeconds }, { "Retry-After": String(retryAfterSeconds) });
  }
}

/** The server cannot take this now (overloaded, or a dependency is away): 503 with Retry-After. */
export class ServiceUnavailableError extends AppError {
  constructor(code: string, message: string, retryAfterSeconds: number) {
    super(503, code, message, { retryAfterSeconds }, { "Retry-After": String(retryAfterSeconds) });
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
