// Error codes are a closed list, each with one HTTP status (lib/errors.ts).
import { describe, expect, test } from "vitest";
import { AppError, ConflictError, ERROR_CODES, ForbiddenError, NotFoundError, PaymentRequiredError, ServiceUnavailableError, UnauthorizedError, ValidationError } from "@/lib/errors";

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

  test("the old (status, code) form still gives the table's status", () => {
    expect(new AppError(401, "signed_out", "Sign in again.")).toMatchObject({ status: 401, code: "signed_out", message: "Sign in again." });
  });

  test("every code is snake_case and maps to an error status", () => {
    for (const [code, status] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  test("the codes the dashboard's actions and sign-up answer with exist", () => {
    expect(ERROR_CODES).toMatchObject({ email_taken: 409, too_many_sign_ups: 429, signed_out: 401, validation_failed: 400 });
  });
});
