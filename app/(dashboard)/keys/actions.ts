"use server";
// Key mutations from the dashboard. Each is a memberAction (lib/dashboard/
// form-action.ts): the session and role are read again, the form parsed, and
// the same lib/api-keys functions run as for the CLI. The key a form acts on
// travels in a hidden `id` field; every service looks it up inside the
// member's organization, so a forged id finds nothing.
import { z } from "zod";
import { rotateApiKey, revokeApiKey, revokeApiKeys, setApiKeyRateLimit, updateApiKey } from "@/lib/api-keys/change-api-key";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { GracePeriodSchema } from "@/lib/api-keys/schemas";
import { setApiKeyIpAllowlist } from "@/lib/api-keys/set-ip-allowlist";
import { changeCredits, creditChangeFromForm } from "@/lib/credits/manage-credits";
import { memberAction } from "@/lib/dashboard/form-action";
import { checkedValues, recordId } from "@/lib/dashboard/form-fields";
import { createInputFromForm, CreateKeyFormSchema } from "@/lib/dashboard/key-form";
import { RateLimitFormSchema, rateLimitSettingsFromForm } from "@/lib/dashboard/rate-limit-form";

/** What the show-once screen needs. The secret lives only in this answer and the page showing it. */
export type RevealedKey = { id: string; name: string; hint: string; environment: "LIVE" | "TEST"; secret: string };

const keyPage = (input: { id: string }) => [`/keys/${input.id}`];

export const createKeyAction = memberAction({
  returnTo: "/keys/new",
  schema: CreateKeyFormSchema,
  async run(form, { keyActor }): Promise<RevealedKey> {
    const { apiKey, secret } = await createApiKey(keyActor, createInputFromForm(form));
    return { id: apiKey.id, name: apiKey.name, hint: apiKey.hint, environment: apiKey.environment, secret };
  },
  revalidate: ["/keys"],
  fieldNames: { expiresAt: "expiry", scopes: "access" },
});

export const updateKeyAction = memberAction({
  returnTo: "/keys",
  schema: z.object({ id: recordId, name: z.string().optional(), description: z.string().optional() }),
  run: ({ id, ...change }, { keyActor }) => updateApiKey(keyActor, id, change).then(() => null),
  success: "Saved.",
  revalidate: keyPage,
});

export const revokeKeyAction = memberAction({
  returnTo: "/keys",
  schema: z.object({ id: recordId }),
  run: ({ id }, { keyActor }) => revokeApiKey(keyActor, id).then(() => null),
  revalidate: ["/keys/*"],
  // Back to the key's page, now saying "Revoked" (and a reload repeats nothing).
  redirectTo: ({ id }) => `/keys/${id}`,
});

export const rotateKeyAction = memberAction({
  returnTo: "/keys",
  schema: z.object({ id: recordId, grace: GracePeriodSchema }),
  async run({ id, grace }, { keyActor }): Promise<RevealedKey & { previousWorksUntil: string | null }> {
    const { apiKey, secret, previous } = await rotateApiKey(keyActor, id, grace);
    return {
      id: apiKey.id,
      name: apiKey.name,
      hint: apiKey.hint,
      environment: apiKey.environment,
      secret,
      previousWorksUntil: previous.expiresAt?.toISOString() ?? null,
    };
  },
  revalidate: ["/keys/*"],
});

export const bulkRevokeAction = memberAction({
  returnTo: "/review",
  schema: z.object({ ids: checkedValues(recordId) }),
  run: ({ ids }, { keyActor }) => revokeApiKeys(keyActor, ids),
  success: ({ revoked, skipped }) => `Revoked ${revoked} key${revoked === 1 ? "" : "s"}.${skipped ? ` ${skipped} already stopped working.` : ""}`,
  revalidate: ["/keys/*", "/review"],
});

export const setRateLimitAction = memberAction({
  returnTo: "/keys",
  schema: RateLimitFormSchema.extend({ id: recordId }),
  run: ({ id, ...form }, { keyActor }) => setApiKeyRateLimit(keyActor, id, rateLimitSettingsFromForm(form)).then(() => null),
  success: "Rate limit saved. Every server applies it within a second.",
  revalidate: keyPage,
});

/** The button pressed (intent) says what to do: add, set the refill, or stop metering. */
export const changeCreditsAction = memberAction({
  returnTo: "/keys",
  schema: z.object({ id: recordId, intent: z.string().optional(), amount: z.string().optional(), monthlyRefill: z.string().optional() }),
  run: ({ id, ...form }, { keyActor }) => changeCredits(keyActor, id, creditChangeFromForm(form)),
  success: "Credits saved. Every server applies them at once.",
  revalidate: keyPage,
});

/** The textarea's text, one address or range per line; empty allows any address. */
export const setIpAllowlistAction = memberAction({
  returnTo: "/keys",
  schema: z.object({ id: recordId, allowedIps: z.string().default("") }),
  run: ({ id, allowedIps }, { keyActor }) => setApiKeyIpAllowlist(keyActor, id, allowedIps).then(() => null),
  success: "Allowed addresses saved. Every server applies them within a second.",
  revalidate: keyPage,
});
