// Admin review: every key of the organization, flagged where it needs a look.
import "server-only";
import { formatDateTime } from "@/lib/dashboard/format";
import { getPrisma } from "@/lib/db/prisma";
import { ForbiddenError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { canSeeAllKeys, type KeyActor } from "./actor";
import { EXPIRING_SOON_MS, type ApiKeyView } from "./key-view";
import { listApiKeys } from "./queries";
import { ALL_SCOPES, scopesBeyondRole } from "./scopes";

const WRITE_SCOPES = ALL_SCOPES.filter((scope) => scope.endsWith(":write"));

export const REVIEW_FLAGS = {
  never_used: "Never used",
  unused_90_days: "Unused for 90 days",
  no_expiry: "Never expires",
  full_access: "Full access",
  expiring_soon: "Expires within 7 days",
  owner_left: "Owner is no longer a member",
  beyond_owner_role: "Beyond its owner's role",
} as const;
export type ReviewFlag = keyof typeof REVIEW_FLAGS;

export type ReviewedKey = ApiKeyView & { flags: ReviewFlag[] };

const DAY_MS = 24 * 60 * 60 * 1000;
/** A key younger than this is not "never used" yet: it was just made. */
const GRACE_FOR_NEW_KEYS_MS = DAY_MS;

/** Keys that still work (active, expiring or rotating out), with their flags. Admins and owners only. */
export async function reviewApiKeys(actor: KeyActor, now = Date.now()): Promise<ReviewedKey[]> {
  if (!canSeeAllKeys(actor)) throw new ForbiddenError("admin_only", "Only admins and owners can review every key.");
  const [keys, members] = await Promise.all([
    listApiKeys(actor),
    getPrisma().membership.findMany({ where: { organizationId: actor.organizationId }, select: { userId: true, role: true } }),
  ]);
  const memberRoles = new Map(members.map((m) => [m.userId, m.role]));
  return keys
    .filter((key) => key.status !== "revoked" && key.status !== "expired")
    .map((key) => ({ ...key, flags: flagsOf(key, memberRoles, now) }));
}

export function flagsOf(key: ApiKeyView, memberRoles: Map<string, Role>, now: number): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  if (!key.lastUsedAt) {
    if (now - key.createdAt.getTime() > GRACE_FOR_NEW_KEYS_MS) flags.push("never_used");
  } else if (now - key.lastUsedAt.getTime() > 90 * DAY_MS) {
    flags.push("unused_90_days");
  }
  if (!key.expiresAt) flags.push("no_expiry");
  // Every write scope is full access in all that matters, also for a key made before token exchange existed.
  if (WRITE_SCOPES.every((scope) => key.scopes.includes(scope))) flags.push("full_access");
  if (key.expiresAt && key.expiresAt.getTime() - now <= EXPIRING_SOON_MS) flags.push("expiring_soon");
  const ownerRole = memberRoles.get(key.owner.id);
  if (!ownerRole) flags.push("owner_left");
  // E.g. a live write key made by an admin who is now a member: it works, but could not be made (or rotated) today.
  else if (scopesBeyondRole(ownerRole, key.environment, key.scopes).length) flags.push("beyond_owner_role");
  return flags;
}

/** CSV of the review (hints only, never secrets), for spreadsheets and tickets. */
export function reviewToCsv(keys: ReviewedKey[]): string {
  const header = ["id", "name", "hint", "environment", "scopes", "owner", "created_at", "expires_at", "last_used_at", "status", "flags"];
  const rows = keys.map((key) => [
    key.id,
    key.name,
    key.hint,
    key.environment.toLowerCase(),
    key.scopes.join(" "),
    key.owner.email,
    formatDateTime(key.createdAt),
    key.expiresAt ? formatDateTime(key.expiresAt) : "",
    key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "",
    key.status,
    key.flags.join(" "),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** RFC 4180 quoting, plus a leading apostrophe for cells a spreadsheet would run as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
