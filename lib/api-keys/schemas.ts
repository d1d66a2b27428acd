import { z } from "zod";
import { RateLimitSettingsSchema } from "@/lib/rate-limit/plans";
import { storableText } from "@/lib/validation/text";
import { IpAllowlistSchema } from "./ip-allowlist";
import { ScopeSchema, SCOPE_PRESETS, type ScopePreset } from "./scopes";

export const KeyNameSchema = storableText(
  z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  "The name",
  { singleLine: true },
);

export const KeyDescriptionSchema = storableText(z.string().trim().max(500, "Use at most 500 characters."), "The description")
  .transform((value) => value || null)
  .nullable();

export const KeyEnvironmentSchema = z.enum(["LIVE", "TEST"], { error: "Choose live or test." });

export const CreateApiKeySchema = z.object({
  name: KeyNameSchema,
  description: KeyDescriptionSchema.optional().default(null),
  environment: KeyEnvironmentSchema,
  scopes: z.array(ScopeSchema).min(1, "Grant at least one scope."),
  /** Null: the key never expires (if the organization's policy allows it). */
  expiresAt: z.date().nullable(),
  /** Operator (CLI) only: whose key it is. Dashboard users always own the keys they create. */
  ownerId: z.uuid().optional(),
  /** Standard unless given; Pro and Custom need an admin. */
  rateLimit: RateLimitSettingsSchema.optional(),
  /** Addresses and CIDR ranges it may be used from (a list, or text one per line); none: any address. */
  allowedIps: IpAllowlistSchema.optional().default([]),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeySchema>;

export const UpdateApiKeySchema = z
  .object({ name: KeyNameSchema.optional(), description: KeyDescriptionSchema.optional() })
  .refine((value) => value.name !== undefined || value.description !== undefined, "Change the name or the description.");
export type UpdateApiKeyInput = z.input<typeof UpdateApiKeySchema>;

/** How long a rotated key keeps working beside its successor. */
export const GRACE_PERIODS = {
  immediately: 0,
  "1h": 60 * 60 * 1000,
  "24h": 24 * 60 * 60 * 1000,
  "7d": 7 * 24 * 60 * 60 * 1000,
} as const;
export type GracePeriod = keyof typeof GRACE_PERIODS;
export const GracePeriodSchema = z.enum(Object.keys(GRACE_PERIODS) as [GracePeriod, ...GracePeriod[]], {
  error: `Choose a grace period: ${Object.keys(GRACE_PERIODS).join(", ")}.`,
});

export const ScopePresetSchema = z.enum(Object.keys(SCOPE_PRESETS) as [ScopePreset, ...ScopePreset[]], {
  error: `Choose a preset: ${Object.keys(SCOPE_PRESETS).join(", ")}.`,
});

const DAY = 24 * 60 * 60 * 1000;

/**
 * An expiry as people write it: "never", "<n>d" / "<n>h", a date
 * ("2027-01-31", the end of that day UTC) or an ISO timestamp with its time
 * zone ("2027-01-31T10:00:00Z"). Null means never. Anything else is refused,
 * rather than guessed at: JavaScript's own date parser would read "12" as 2001.
 */
export function parseExpiry(value: string, now = new Date()): Date | null {
  const text = value.trim();
  const invalid = () => new Error(`"${value}" is not an expiry: use never, 30d, 12h, a date like 2027-01-31, or a timestamp like 2027-01-31T10:00:00Z.`);
  if (text.toLowerCase() === "never") return null;
  const relative = /^(\d{1,5})\s*([dh])$/i.exec(text);
  if (relative) {
    const amount = Number(relative[1]);
    return new Date(now.getTime() + amount * (relative[2]!.toLowerCase() === "d" ? DAY : DAY / 24));
  }
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (dateOnly) {
    const [year, month, day] = dateOnly.slice(1).map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day, 23, 59, 59, 999));
    // Date.UTC rolls 2027-02-31 over into March: refuse dates that do not exist.
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw invalid();
    return date;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw invalid();
}
