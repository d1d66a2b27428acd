// Sets the addresses and CIDR ranges a key may be used from (issue 14). Like
// every key change: the row locked, the audit event (before → after) and the
// invalidation in one transaction, so every instance's verification cache
// drops the key as soon as it commits and the next request meets the new list.
import "server-only";
import { ConflictError, fieldErrorsFrom, ValidationError } from "@/lib/errors";
import type { KeyActor } from "./actor";
import { changedBy, inKeyTransaction, writeKeyChange } from "./change-api-key";
import { IpAllowlistSchema } from "./ip-allowlist";
import { loadApiKeyView, type ApiKeyView } from "./key-view";

/**
 * `allowedIps`: a list, or text with one entry per line; empty allows any
 * address. Who may edit the key (its owner, admins, the operator) may set it.
 * Any bad entry refuses the whole list, naming each: nothing is saved.
 */
export async function setApiKeyIpAllowlist(actor: KeyActor, id: string, allowedIps: string | string[]): Promise<ApiKeyView> {
  const parsed = IpAllowlistSchema.safeParse(allowedIps);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues.map((issue) => ({ ...issue, path: ["allowedIps", ...issue.path] }))));
  const after = parsed.data;
  await inKeyTransaction(actor, id, async (tx, key) => {
    if (key.revokedAt) throw new ConflictError("key_revoked", "A revoked key's allowed addresses cannot change.");
    const before = key.allowedIps;
    // The same list in the same order: nothing to write, nothing to log.
    if (before.length === after.length && before.every((entry, index) => entry === after[index])) return null;
    await writeKeyChange(tx, key, { by: changedBy(actor), data: { allowedIps: after }, action: "api_key.ip_allowlist_changed", metadata: { before, after } });
    return null;
  });
  return loadApiKeyView(id);
}
