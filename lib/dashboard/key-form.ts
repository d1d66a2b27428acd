// The create-key form as the browser sends it, and its translation into the
// service's input. Expiry is a choice (7/30/90 days, a year, a date, never);
// "never" must be confirmed, because a key that never expires is the riskiest
// kind. The choices follow the organization's key policy: what it forbids is
// shown disabled, with the reason, and the default is the longest allowed.
import { z } from "zod";
import { KeyNameSchema, parseExpiry } from "@/lib/api-keys/schemas";
import type { KeyPolicy } from "@/lib/api-keys/key-policy";
import { SCOPE_PRESETS, type Scope } from "@/lib/api-keys/scopes";
import { ValidationError, type FieldErrors } from "@/lib/errors";
import type { CreateApiKeyInput } from "@/lib/api-keys/schemas";
import { checkbox, checkedValues } from "./form-fields";

export const EXPIRY_CHOICES = [
  { value: "7", label: "7 days", days: 7 },
  { value: "30", label: "30 days", days: 30 },
  { value: "90", label: "90 days", days: 90 },
  { value: "365", label: "1 year", days: 365 },
  { value: "date", label: "On a date", days: null },
  { value: "never", label: "Never", days: null },
] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]["value"];
const PREFERRED_EXPIRY: ExpiryChoice = "90";

export type ExpiryOption = { value: ExpiryChoice; label: string; disabled: boolean };

/**
 * The expiry choices under a policy: those past its maximum lifetime, and
 * "never" when keys must expire, are disabled. The default is 90 days, or the
 * longest allowed when the policy is shorter.
 */
export function expiryOptionsFor(policy: KeyPolicy): { options: ExpiryOption[]; defaultChoice: ExpiryChoice } {
  const mustExpire = policy.requireKeyExpiry || policy.maxKeyLifetimeDays !== null;
  const options = EXPIRY_CHOICES.map((choice) => ({
    value: choice.value,
    label: choice.label,
    disabled: choice.value === "never" ? mustExpire : choice.days !== null && policy.maxKeyLifetimeDays !== null && choice.days > policy.maxKeyLifetimeDays,
  }));
  const fixed = options.filter((option) => !option.disabled && EXPIRY_CHOICES.find((c) => c.value === option.value)!.days !== null);
  const preferredAllowed = fixed.some((option) => option.value === PREFERRED_EXPIRY);
  // A policy shorter than every fixed choice (say 3 days) leaves "on a date".
  return { options, defaultChoice: preferredAllowed ? PREFERRED_EXPIRY : (fixed.at(-1)?.value ?? "date") };
}

export const CreateKeyFormSchema = z.object({
  name: z.string().default(""),
  description: z.string().default(""),
  environment: z.enum(["LIVE", "TEST"], { error: "Choose live or test." }),
  access: z.enum(["full-access", "read-only", "custom"], { error: "Choose the key's access." }),
  customScopes: checkedValues(z.string()),
  expiry: z.enum(EXPIRY_CHOICES.map((c) => c.value) as [ExpiryChoice, ...ExpiryChoice[]], { error: "Choose when the key expires." }),
  expiryDate: z.string().default(""),
  confirmNever: checkbox,
});
export type CreateKeyForm = z.output<typeof CreateKeyFormSchema>;

/** The service's input; every problem with the form is reported at once, field by field. */
export function createInputFromForm(data: CreateKeyForm, now = new Date()): CreateApiKeyInput {
  const errors: FieldErrors = {};
  const name = KeyNameSchema.safeParse(data.name);
  if (!name.success) errors.name = name.error.issues.map((i) => i.message);
  let expiresAt: Date | null = null;
  try {
    expiresAt = expiresAtFrom(data, now);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    Object.assign(errors, error.fields);
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const scopes = data.access === "custom" ? (data.customScopes as Scope[]) : [...SCOPE_PRESETS[data.access].scopes];
  return { name: data.name, description: data.description || null, environment: data.environment, scopes, expiresAt };
}

function expiresAtFrom(data: CreateKeyForm, now: Date): Date | null {
  if (data.expiry === "never") {
    if (!data.confirmNever) throw new ValidationError({ expiry: ["Confirm that this key should never expire."] });
    return null;
  }
  if (data.expiry === "date") {
    if (!data.expiryDate) throw new ValidationError({ expiry: ["Choose a date."] });
    try {
      return parseExpiry(data.expiryDate, now);
    } catch {
      throw new ValidationError({ expiry: ["Choose a valid date."] });
    }
  }
  return parseExpiry(`${data.expiry}d`, now);
}
