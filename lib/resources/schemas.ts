import { z } from "zod";
import { jsonProblems, storableText } from "@/lib/validation/text";

/** A resource's config: nested at most 32 levels, 10,000 values in all (the body is at most 1 MB). */
export const CONFIG_LIMITS = { maxDepth: 32, maxNodes: 10_000 };

const Name = storableText(
  z.string({ error: "name is required." }).trim().min(1, "name must not be empty.").max(200, "name must be at most 200 characters."),
  "name",
  { singleLine: true },
);
const Type = z
  .string({ error: "type is required." })
  .trim()
  .min(1, "type must not be empty.")
  .max(64, "type must be at most 64 characters.")
  .regex(/^[a-z0-9][a-z0-9_.-]*$/i, "type may contain letters, digits, '.', '_' and '-'.");
const Config = z.record(z.string(), z.unknown(), { error: "config must be a JSON object." }).superRefine((config, ctx) => {
  for (const problem of jsonProblems(config, CONFIG_LIMITS)) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
});

/** POST: the whole resource (config defaults to {}). */
export const ResourceInputSchema = z.strictObject({ name: Name, type: Type, config: Config.default({}) });
export type ResourceInput = z.output<typeof ResourceInputSchema>;

/**
 * PUT replaces what a client edits: name and config (left out, config is {}).
 * The type says what the resource is, so it is kept unless sent: clients that
 * PUT back `{ name, config }` work as written.
 */
export const ResourceReplaceSchema = z.strictObject({ name: Name, type: Type.optional(), config: Config.default({}) });
export type ResourceReplacement = z.output<typeof ResourceReplaceSchema>;

/** PATCH: any of the fields, at least one. */
export const ResourcePatchSchema = z
  .strictObject({ name: Name.optional(), type: Type.optional(), config: Config.optional() })
  .refine((patch) => Object.keys(patch).length > 0, "Send at least one of name, type or config.");
export type ResourcePatch = z.output<typeof ResourcePatchSchema>;

export const ListResourcesQuerySchema = z.object({
  limit: z.coerce.number({ error: "limit must be a number." }).int("limit must be a whole number.").min(1, "limit must be at least 1.").max(100, "limit must be at most 100.").default(20),
  cursor: z.uuid("cursor is not valid; use the nextCursor of the previous page.").optional(),
});

/** What the API returns for a resource. */
export const ResourceOutputSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.string(),
  config: z.record(z.string(), z.unknown()),
  environment: z.enum(["live", "test"]),
  /** The key that created it, and the user when a token from token exchange acted for one (null before they were recorded). */
  createdBy: z.object({ apiKeyId: z.uuid().nullable(), userId: z.uuid().nullable() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ResourceOutput = z.output<typeof ResourceOutputSchema>;

/** GET /api/v1/resources: a page, oldest first. */
export const ResourceListSchema = z.object({ data: z.array(ResourceOutputSchema), nextCursor: z.uuid().nullable() });

/** DELETE /api/v1/resources/{id}. */
export const ResourceDeletedSchema = z.object({ id: z.uuid(), deleted: z.literal(true) });
