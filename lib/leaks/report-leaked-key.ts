// What happens when someone tells Keyward that a key leaked (GitHub's secret
// scanning, lib/leaks/secret-scanning-endpoint.ts). The organization's leak
// policy decides: REVOKE (the default) revokes the key at once, through the
// same revocation as a member's (so every instance refuses it at once); FLAG
// leaves it working and shows a banner until someone rotates or revokes it.
// Either way, in one transaction: a leak report row, an audit event with
// where it was found, and a key.leaked event for the organization's webhooks.
//
// Replays are harmless: a report is one row per key and place (url), and a
// second report of the same key at the same place finds that row and does nothing.
import "server-only";
import { inKeyTransaction, revokeLockedKey } from "@/lib/api-keys/change-api-key";
import type { AuditActor } from "@/lib/audit/record-audit-event";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { emitEvent } from "@/lib/events/emit-event";
import { eventKey } from "@/lib/events/event-key";
import type { LeakAction } from "@/lib/generated/prisma/enums";
import { keyState } from "@/lib/api-keys/key-view";
import { findKeysBySecrets, type FoundApiKey } from "./find-key-by-secret";

export type LeakReportInput = {
  /** The secret as found. Hashed and dropped: never stored or logged. */
  token: string;
  /** Where it was found (a URL). */
  url: string;
  /** Who found it there, e.g. GitHub's "content", "commit", "npm". */
  source: string;
};

export type LeakOutcome =
  /** Not one of our keys (or not a valid key at all): GitHub's false_positive. */
  | { known: false }
  /** One of ours, whatever its state (true_positive); `action` null when this report was a replay. */
  | { known: true; keyId: string; action: "revoked" | "flagged" | "none" | null };

const ACTION_OF: Record<LeakAction, "revoked" | "flagged" | "none"> = { REVOKED: "revoked", FLAGGED: "flagged", NONE: "none" };

/**
 * Handles the reported secrets, in order (the same one twice is then simply a
 * replay). `reporter` is who the audit log names (e.g. "GitHub secret scanning").
 */
export async function reportLeakedKeys(inputs: LeakReportInput[], reporter: AuditActor): Promise<LeakOutcome[]> {
  // One query finds every known key; only those cost a transaction each.
  const keys = await findKeysBySecrets(inputs.map((input) => input.token));
  const outcomes: LeakOutcome[] = [];
  for (const input of inputs) {
    const found = keys.get(input.token);
    outcomes.push(found ? await reportKnownKey(input, found, reporter) : { known: false });
  }
  return outcomes;
}

async function reportKnownKey(input: LeakReportInput, found: FoundApiKey, reporter: AuditActor): Promise<LeakOutcome> {
  const organizationId = found.organizationId;
  const action = await inKeyTransaction({ type: "operator", organizationId }, found.id, async (tx, key) => {
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { leakPolicy: true } });
    // Decided on the locked row: a key revoked meanwhile is not revoked again.
    const working = keyState(key) === "active";
    const leakAction: LeakAction = !working ? "NONE" : organization.leakPolicy === "REVOKE" ? "REVOKED" : "FLAGGED";
    const inserted = await tx.leakReport.createMany({
      data: [{ organizationId, apiKeyId: key.id, url: input.url, source: input.source, action: leakAction }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return null;
    if (!working) return ACTION_OF[leakAction];

    if (leakAction === "REVOKED") {
      await revokeLockedKey(tx, key, { organizationId, actor: reporter, revokedById: null, reason: `reported leaked at ${input.url}` });
    }
    const done = ACTION_OF[leakAction];
    await recordAuditEvent(tx, {
      organizationId,
      actor: reporter,
      action: "api_key.leaked",
      target: { type: "api_key", id: key.id },
      metadata: { name: key.name, hint: key.hint, url: input.url, source: input.source, action: done },
    });
    await emitEvent(
      {
        type: "key.leaked",
        organizationId,
        data: { key: eventKey(key), url: input.url, source: input.source, action: done },
      },
      tx,
    );
    return done;
  });
  return { known: true, keyId: found.id, action };
}
