// The create-key form as the dashboard sends it, and its translation into the
// service's input. Expiry is a choice (7/30/90 days, a year, a date, never);
// "never" must be confirmed, because a key that never expires is the riskiest kind.
import { z } from "zod";
import { KeyNameSchema, parseExpiry } from "@/lib/api-keys/schemas";
import { SCOPE_PRESETS, type Scope } from "@/lib/api-keys/scopes";
import { fieldErrorsFrom, ValidationError, type FieldErrors } from "@/lib/errors";
import type { CreateApiKeyInput } from "@/lib/api-keys/schemas";

export const EXPIRY_CHOICES = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "date", label: "On a date" },
  { value: "never", label: "Never" },
] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]["value"];
export const DEFAULT_EXPIRY: ExpiryChoice = "90";

export const CreateKeyFormSchema = z.object({
  name: z.string(),
  description: z.string().default(""),
  environment: z.enum(["LIVE", "TEST"], { error: "Choose live or test." }),
  access: z.enum(["full-access", "read-only", "custom"], { error: "Choose the key's access." }),
  customScopes: z.array(z.string()).default([]),
  expiry: z.enum(EXPIRY_CHOICES.map((c) => c.value) as [ExpiryChoice, ...ExpiryChoice[]], { error: "Choose when the key expires." }),
  expiryDate: z.string().default(""),
  confirmNever: z.boolean().default(false),
});
export type CreateKeyForm = z.input<typeof CreateKeyFormSchema>;

/** The service's input; every problem with the form is reported at once, field by field. */
export function createInputFromForm(form: CreateKeyForm, now = new Date()): CreateApiKeyInput {
  const parsed = CreateKeyFormSchema.safeParse(form);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const data = parsed.data;
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

function expiresAtFrom(data: z.output<typeof CreateKeyFormSchema>, now: Date): Date | null {
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
