"use server";
// Key mutations from the dashboard: each re-reads the session and role, then
// calls the same lib/api-keys functions as the CLI.
import { revalidatePath } from "next/cache";
import { rotateApiKey, revokeApiKey, revokeApiKeys, setApiKeyRateLimit, updateApiKey } from "@/lib/api-keys/change-api-key";
import type { RateLimitSettings } from "@/lib/rate-limit/plans";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { GracePeriod, UpdateApiKeyInput } from "@/lib/api-keys/schemas";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { runAction, type ActionResult } from "@/lib/dashboard/action-result";
import { createInputFromForm, type CreateKeyForm } from "@/lib/dashboard/key-form";
import { changeCredits, creditChangeFromForm, type CreditState } from "@/lib/credits/manage-credits";

/** What the show-once screen needs. The secret lives only in this response and the page's memory. */
export type RevealedKey = { id: string; name: string; hint: string; environment: "LIVE" | "TEST"; secret: string };

export async function createKeyAction(form: CreateKeyForm): Promise<ActionResult<RevealedKey>> {
  return runAction(async () => {
    const { keyActor } = await requireActingMember("/keys/new");
    const { apiKey, secret } = await createApiKey(keyActor, createInputFromForm(form));
    revalidatePath("/keys");
    return { id: apiKey.id, name: apiKey.name, hint: apiKey.hint, environment: apiKey.environment, secret };
  });
}

export async function updateKeyAction(id: string, input: UpdateApiKeyInput): Promise<ActionResult> {
  return runAction(async () => {
    const { keyActor } = await requireActingMember(`/keys/${id}`);
    await updateApiKey(keyActor, id, input);
    revalidatePath(`/keys/${id}`);
    return null;
  });
}

export async function revokeKeyAction(id: string): Promise<ActionResult> {
  return runAction(async () => {
    const { keyActor } = await requireActingMember(`/keys/${id}`);
    await revokeApiKey(keyActor, id);
    revalidatePath("/keys", "layout");
    return null;
  });
}

export async function rotateKeyAction(id: string, grace: GracePeriod): Promise<ActionResult<RevealedKey & { previousWorksUntil: string | null }>> {
  return runAction(async () => {
    const { keyActor } = await requireActingMember(`/keys/${id}`);
    const { apiKey, secret, previous } = await rotateApiKey(keyActor, id, grace);
    revalidatePath("/keys", "layout");
    return {
      id: apiKey.id,
      name: apiKey.name,
      hint: apiKey.hint,
      environment: apiKey.environment,
      secret,
      previousWorksUntil: previous.expiresAt?.toISOString() ?? null,
    };
  });
}

export async function bulkRevokeAction(ids: string[]): Promise<ActionResult<{ revoked: number; skipped: number }>> {
  return runAction(async () => {
    const { keyActor } = await requireActingMember("/keys/review");
    const result = await revokeApiKeys(keyActor, ids);
    revalidatePath("/keys", "layout");
    return result;
  });
}

export async function setRateLimitAction(id: string, settings: RateLimitSettings): Promise<ActionResult> {
  return runAction(async () => {
    const { keyActor } = await requireActingMember(`/keys/${id}`);
    await setApiKeyRateLimit(keyActor, id, settings);
    revalidatePath(`/keys/${id}`);
    return null;
  });
}

/** The key's credits form (a <form action> with useActionState): the button pressed says what to do. */
export async function changeCreditsAction(id: string, _previous: ActionResult<CreditState> | null, form: FormData): Promise<ActionResult<CreditState>> {
  return runAction(async () => {
    const { keyActor } = await requireActingMember(`/keys/${id}`);
    const credits = await changeCredits(keyActor, id, creditChangeFromForm(form));
    revalidatePath(`/keys/${id}`);
    return credits;
  });
}
