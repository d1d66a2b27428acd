// The one mutation shape (lib/dashboard/form-action.ts) and the create form's
// policy-aware expiry choices, without a browser.
import { afterEach, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { failedState, formValues } from "@/lib/dashboard/form-action";
import { checkbox, checkedValues } from "@/lib/dashboard/form-fields";
import { expiryOptionsFor } from "@/lib/dashboard/key-form";
import { AppError, ValidationError } from "@/lib/errors";
import { logger } from "@/lib/logging/logger";

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("formValues", () => {
  test("a name sent once is a string, a repeated name an array, and React's own fields are dropped", () => {
    const values = formValues(form([["name", "ci"], ["ids", "a"], ["ids", "b"], ["$ACTION_ID_abc", ""], ["$ACTION_REF_1", ""]]));
    expect(values).toEqual({ name: "ci", ids: ["a", "b"] });
  });

  test("a checkbox group checked once still parses as a list; an unchecked box as false", () => {
    const schema = z.object({ ids: checkedValues(z.string()), confirm: checkbox });
    expect(schema.parse(formValues(form([["ids", "a"]])))).toEqual({ ids: ["a"], confirm: false });
    expect(schema.parse(formValues(form([["confirm", "on"]])))).toEqual({ ids: [], confirm: true });
  });
});

describe("failedState", () => {
  afterEach(() => vi.restoreAllMocks());

  test("field errors sit beside the fields the form has, and the form says to check them", () => {
    const state = failedState(new ValidationError({ name: ["Enter a name."] }), { name: "" });
    expect(state).toMatchObject({ status: "error", message: "Check the highlighted fields.", fieldErrors: { name: ["Enter a name."] } });
  });

  test("a service's field name is mapped to the form's", () => {
    const state = failedState(new ValidationError({ expiresAt: ["Too long."] }), { expiry: "365" }, { expiresAt: "expiry" });
    expect(state).toMatchObject({ message: "Check the highlighted fields.", fieldErrors: { expiry: ["Too long."] } });
  });

  test("an AppError's message is the form's message; anything else is a generic one that leaks nothing", () => {
    vi.spyOn(logger(), "error").mockImplementation(() => {}); // the bug is logged on the server; not here
    expect(failedState(new AppError("already_revoked", "This key is already revoked."), {}).message).toBe("This key is already revoked.");
    const bug = failedState(new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2"), {});
    expect(bug.message).toBe("Something went wrong on our side. Try again in a moment.");
  });

  test("what was typed comes back so nothing is lost, but never a password or secret", () => {
    const state = failedState(new ValidationError({ email: ["Enter a valid email address."] }), { email: "ada@", password: "hunter2hunter2", newPassword: "x", secret: "kw_live_x" });
    expect(state.values).toEqual({ email: "ada@" });
  });

  test("Next's redirect is not swallowed", () => {
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/sign-in;307;" });
    expect(() => failedState(redirect, {})).toThrow(redirect);
  });
});

describe("expiryOptionsFor", () => {
  const enabled = (policy: Parameters<typeof expiryOptionsFor>[0]) =>
    expiryOptionsFor(policy).options.filter((option) => !option.disabled).map((option) => option.value);

  test("with no policy every choice is open and 90 days is the default", () => {
    expect(enabled({ maxKeyLifetimeDays: null, requireKeyExpiry: false })).toEqual(["7", "30", "90", "365", "date", "never"]);
    expect(expiryOptionsFor({ maxKeyLifetimeDays: null, requireKeyExpiry: false }).defaultChoice).toBe("90");
  });

  test("a 30-day maximum disables longer choices and never, and defaults to 30 days", () => {
    expect(enabled({ maxKeyLifetimeDays: 30, requireKeyExpiry: false })).toEqual(["7", "30", "date"]);
    expect(expiryOptionsFor({ maxKeyLifetimeDays: 30, requireKeyExpiry: false }).defaultChoice).toBe("30");
  });

  test("requiring expiry disables only never; a maximum shorter than every fixed choice leaves a date", () => {
    expect(enabled({ maxKeyLifetimeDays: null, requireKeyExpiry: true })).toEqual(["7", "30", "90", "365", "date"]);
    expect(expiryOptionsFor({ maxKeyLifetimeDays: 3, requireKeyExpiry: true }).defaultChoice).toBe("date");
  });
});
