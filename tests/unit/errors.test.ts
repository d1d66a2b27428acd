// Error codes are a closed list, each with one HTTP status (lib/errors.ts).
import { describe, expect, test } from "vitest";
import { AppError, ConflictError, ERROR_CODES, ForbiddenError, NotFoundError, PaymentRequiredError, ServiceUnavailableError, TooManyRequestsError, UnauthorizedError, ValidationError } from "@/lib/errors";

describe("ERROR_CODES", () => {
  test("an AppError's status is its code's, whichever class throws it", () => {
    expect(new AppError("quota_exceeded", "Used up.").status).toBe(429);
    expect(new ValidationError({ name: ["Required."] }).status).toBe(400);
    expect(new UnauthorizedError("revoked_key", "Revoked.").status).toBe(401);
    expect(new PaymentRequiredError(0, 1, {}).status).toBe(402);
    expect(new ForbiddenError("admin_only").status).toBe(403);
    expect(new NotFoundError().status).toBe(404);
    expect(new ConflictError("last_owner", "Needs an owner.").status).toBe(409);
    expect(new ServiceUnavailableError("busy", "Busy.", 2).status).toBe(503);
  });

  test("a code alone gives the table's status", () => {
    expect(new AppError("invalid_credentials", "Incorrect email or password.")).toMatchObject({ status: 401, code: "invalid_credentials" });
    expect(new TooManyRequestsError("sign_in_throttled", "Wait.", 900)).toMatchObject({ status: 429, headers: { "Retry-After": "900" } });
  });

  test("every code is snake_case and maps to an error status", () => {
    for (const [code, status] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  test("the codes the dashboard's actions and sign-up answer with exist", () => {
    expect(ERROR_CODES).toMatchObject({ too_many_sign_ups: 429, sign_in_throttled: 429, invalid_credentials: 401, validation_failed: 400 });
  });
});
