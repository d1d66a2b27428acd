// What one audit row says: the action's label, the target's name, and the
// details, before → after. Plain functions of the stored event, so rows
// written by older versions (with less metadata) still read sensibly.
import { formatDateTime } from "@/lib/dashboard/format";
import { describePolicy, policyOf, type PlanName } from "@/lib/rate-limit/plans";
import { auditActionLabel } from "./actions";

export type StoredAuditEvent = { action: string; targetType: string; targetId: string | null; metadata: unknown };
export type DescribedAuditEvent = {
  label: string;
  /** The key's, member's or organization's name as recorded; null when the event does not name one. */
  targetName: string | null;
  /** A key's hint, shown beside its name. */
  hint: string | null;
  /** One line per change, e.g. `name "a" → "b"`. */
  details: string[];
};

type Meta = Record<string, unknown>;

const NONE = "none";
const PLAN_LABELS: Record<PlanName, string> = { STANDARD: "Standard", PRO: "Pro", CUSTOM: "Custom" };

export function describeAuditEvent(event: StoredAuditEvent): DescribedAuditEvent {
  const meta = asMeta(event.metadata);
  return { label: auditActionLabel(event.action), targetName: targetName(event, meta), hint: text(meta.hint), details: details(event.action, meta) };
}

function targetName(event: StoredAuditEvent, meta: Meta): string | null {
  if (event.targetType === "user" || event.targetType === "invitation") return text(meta.email);
  // An edit names the key as it is after the change; older edit events only kept before/after.
  return text(meta.name) ?? text(asMeta(meta.after).name) ?? text(asMeta(meta.before).name);
}

function details(action: string, meta: Meta): string[] {
  const before = asMeta(meta.before);
  const after = asMeta(meta.after);
  switch (action) {
    case "api_key.updated":
      return [...quotedChange("name", before.name, after.name), ...quotedChange("purpose", before.description, after.description)];
    case "api_key.rate_limit_changed":
      return rateLimitChanges(before, after);
    case "api_key.ip_allowlist_changed":
      // Recorded as lists: { before: ["203.0.113.0/24"], after: [] }.
      return [`allowed addresses ${addresses(meta.before)} → ${addresses(meta.after)}`];
    case "api_key.created":
    case "api_key.rotated_in":
      return typeof meta.expiresAt === "string" ? [`expires ${formatDateTime(meta.expiresAt)}`] : [];
    case "api_key.rotated":
      return [`grace ${text(meta.grace) ?? "?"}, old key works until ${typeof meta.worksUntil === "string" ? formatDateTime(meta.worksUntil) : "?"}`];
    case "api_key.revoked":
      return text(meta.reason) ? [text(meta.reason)!] : [];
    case "api_key.leaked":
      return [`at ${text(meta.url) ?? "?"} (${text(meta.source) ?? "?"}): ${meta.action === "revoked" ? "revoked" : meta.action === "flagged" ? "flagged, still working" : "already not working"}`];
    case "organization.leak_policy_changed":
      return [`a reported leak ${meta.after === "FLAG" ? "flags" : "revokes"} the key`];
    case "api_key.token_exchanged":
      return [`for ${text(meta.email) ?? "a member"}${typeof meta.expiresAt === "string" ? `, until ${formatDateTime(meta.expiresAt)}` : ""}`];
    case "api_key.credits_added":
    case "organization.credits_added":
    case "api_key.credit_refill_set":
    case "organization.credit_refill_set":
    case "api_key.credits_unmetered":
    case "organization.credits_unmetered":
      return creditChanges(meta);
    case "webhook.endpoint_disabled":
      return text(meta.reason) ? [text(meta.reason)!] : [];
    case "webhook.redelivered":
    case "webhook.test_sent":
      return text(meta.eventType) ? [`${text(meta.eventType)} ${text(meta.eventId) ?? ""}`.trim()] : [];
    case "organization.renamed":
      // Recorded as plain strings: { before: "old", after: "new" }.
      return quotedChange("name", meta.before, meta.after);
    case "organization.policy_updated":
      return [`longest key lifetime ${typeof meta.maxKeyLifetimeDays === "number" ? `${meta.maxKeyLifetimeDays} days` : NONE}, expiry ${meta.requireKeyExpiry ? "required" : "optional"}`];
    case "member.role_changed":
      return [`role ${role(meta.before)} → ${role(meta.after)}`];
    case "member.invited":
      return [`as ${role(meta.role)}${typeof meta.expiresAt === "string" ? `, invitation valid until ${formatDateTime(meta.expiresAt)}` : ""}`];
    case "member.added":
    case "member.joined":
    case "member.removed":
    case "member.invitation_revoked":
      return meta.role ? [`as ${role(meta.role)}`] : [];
    default:
      return [];
  }
}

/** `name "a" → "b"`, or nothing when the field did not change (or was not part of the edit). */
function quotedChange(field: string, before: unknown, after: unknown): string[] {
  if (after === undefined || before === after) return [];
  const show = (value: unknown) => (value === null || value === undefined || value === "" ? NONE : `"${String(value)}"`);
  return [`${field} ${show(before)} → ${show(after)}`];
}

function rateLimitChanges(before: Meta, after: Meta): string[] {
  const lines: string[] = [];
  const plan = (m: Meta) => {
    const name = (["STANDARD", "PRO", "CUSTOM"] as const).find((p) => p === m.plan) ?? "STANDARD";
    const policy = policyOf({ rateLimitPlan: name, rateLimitMax: number(m.limit), rateLimitWindowSeconds: number(m.windowSeconds) });
    return `${PLAN_LABELS[name]} (${describePolicy(policy)})`;
  };
  if (before.plan !== after.plan || before.limit !== after.limit || before.windowSeconds !== after.windowSeconds) lines.push(`plan ${plan(before)} → ${plan(after)}`);
  if ((before.monthlyQuota ?? null) !== (after.monthlyQuota ?? null)) lines.push(`monthly quota ${count(before.monthlyQuota)} → ${count(after.monthlyQuota)}`);
  return lines;
}

function creditChanges(meta: Meta): string[] {
  const lines = typeof meta.amount === "number" ? [`+${meta.amount.toLocaleString("en")} credits`] : [];
  // `before`/`after` are null when the holder was unmetered.
  const balance = (m: unknown) => (m ? count(asMeta(m).balance) : "unmetered");
  const refill = (m: unknown) => (m ? count(asMeta(m).monthlyRefill) : NONE);
  if (balance(meta.before) !== balance(meta.after)) lines.push(`balance ${balance(meta.before)} → ${balance(meta.after)}`);
  if (refill(meta.before) !== refill(meta.after)) lines.push(`monthly refill ${refill(meta.before)} → ${refill(meta.after)}`);
  return lines;
}

function addresses(value: unknown): string {
  const list = Array.isArray(value) ? value.filter((entry) => typeof entry === "string") : [];
  return list.length ? list.join(", ") : "any";
}

function asMeta(value: unknown): Meta {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Meta) : {};
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function number(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

function count(value: unknown): string {
  return typeof value === "number" ? value.toLocaleString("en") : NONE;
}

function role(value: unknown): string {
  return typeof value === "string" ? value.toLowerCase() : "?";
}
