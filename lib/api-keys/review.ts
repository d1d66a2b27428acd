// Admin review: every working key of the organization, flagged where it needs
// a look. Flags are SQL conditions, so the review pages, filters and counts in
// the database however many keys an organization has.
import "server-only";
import { formatDateTime } from "@/lib/dashboard/format";
import { decodeCreatedAtCursor, encodeCreatedAtCursor, pageOf, type Page } from "@/lib/db/pagination";
import { getPrisma } from "@/lib/db/prisma";
import { ForbiddenError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { canSeeAllKeys, type KeyActor } from "./actor";
import { API_KEY_VIEW_SELECT, EXPIRING_SOON_MS, toApiKeyView, type ApiKeyView } from "./key-view";
import { ALL_SCOPES } from "./scopes";

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
const UNUSED_FOR_MS = 90 * DAY_MS;

export const REVIEW_PAGE_SIZE = 50;

type ReviewClock = { now: Date; graceCutoff: Date; unusedCutoff: Date; soonCutoff: Date };

function clockAt(now: number): ReviewClock {
  return {
    now: new Date(now),
    graceCutoff: new Date(now - GRACE_FOR_NEW_KEYS_MS),
    unusedCutoff: new Date(now - UNUSED_FOR_MS),
    soonCutoff: new Date(now + EXPIRING_SOON_MS),
  };
}

/**
 * Each flag as a SQL condition on a working key `k` joined to its owner's
 * membership `m` (NULL when they left), so that the page, its filter and the
 * counts are computed by the database at any number of keys.
 */
const FLAG_SQL: Record<ReviewFlag, (clock: ReviewClock) => Prisma.Sql> = {
  never_used: (c) => Prisma.sql`k.last_used_at IS NULL AND k.created_at < ${c.graceCutoff}::timestamptz`,
  unused_90_days: (c) => Prisma.sql`k.last_used_at < ${c.unusedCutoff}::timestamptz`,
  no_expiry: () => Prisma.sql`k.expires_at IS NULL`,
  // Every write scope is full access in all that matters, also for a key made before token exchange existed.
  full_access: () => Prisma.sql`k.scopes @> ${WRITE_SCOPES}::text[]`,
  expiring_soon: (c) => Prisma.sql`k.expires_at <= ${c.soonCutoff}::timestamptz`,
  owner_left: () => Prisma.sql`m.role IS NULL`,
  // E.g. a live write key made by an admin who is now a member: it works, but
  // could not be made (or rotated) today. Mirrors scopesBeyondRole().
  beyond_owner_role: () =>
    Prisma.sql`m.role = 'MEMBER' AND k.environment = 'LIVE' AND EXISTS (SELECT 1 FROM unnest(k.scopes) AS s(scope) WHERE s.scope NOT LIKE '%:read')`,
};

const FLAG_NAMES = Object.keys(REVIEW_FLAGS) as ReviewFlag[];

/** Working keys (active, expiring or rotating out) of the organization, with their owner's membership. */
function reviewedKeysFrom(organizationId: string, clock: ReviewClock): Prisma.Sql {
  return Prisma.sql`api_keys k LEFT JOIN memberships m ON m.organization_id = k.organization_id AND m.user_id = k.created_by_id
    WHERE k.organization_id = ${organizationId}::uuid AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ${clock.now}::timestamptz)`;
}

function assertMayReview(actor: KeyActor) {
  if (!canSeeAllKeys(actor)) throw new ForbiddenError("admin_only", "Only admins and owners can review every key.");
}

export type ReviewPageOptions = { flag?: ReviewFlag; cursor?: string; now?: number };

/** One page of the working keys, newest first, with their flags; only keys with `flag` when given. Admins and owners only. */
export async function reviewApiKeys(actor: KeyActor, options: ReviewPageOptions = {}, pageSize = REVIEW_PAGE_SIZE): Promise<Page<ReviewedKey>> {
  assertMayReview(actor);
  const clock = clockAt(options.now ?? Date.now());
  const cursor = decodeCreatedAtCursor(options.cursor);
  const flagColumns = Prisma.join(FLAG_NAMES.map((flag) => Prisma.sql`CASE WHEN ${FLAG_SQL[flag](clock)} THEN ${flag} END`));
  const rows = await getPrisma().$queryRaw<{ id: string; created_at: Date; flags: ReviewFlag[] }[]>`
    SELECT k.id, k.created_at, array_remove(ARRAY[${flagColumns}]::text[], NULL) AS flags
    FROM ${reviewedKeysFrom(actor.organizationId, clock)}
      AND ${options.flag ? FLAG_SQL[options.flag](clock) : Prisma.sql`TRUE`}
      AND ${cursor ? Prisma.sql`(k.created_at, k.id) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : Prisma.sql`TRUE`}
    ORDER BY k.created_at DESC, k.id DESC
    LIMIT ${pageSize + 1}`;
  const page = pageOf(rows, pageSize, (row) => encodeCreatedAtCursor({ createdAt: row.created_at, id: row.id }));
  const views = await getPrisma().apiKey.findMany({ where: { id: { in: page.items.map((row) => row.id) } }, select: API_KEY_VIEW_SELECT });
  const byId = new Map(views.map((view) => [view.id, toApiKeyView(view, clock.now.getTime())]));
  return { items: page.items.map((row) => ({ ...byId.get(row.id)!, flags: row.flags })), nextCursor: page.nextCursor };
}

export type ReviewCounts = { all: number } & Record<ReviewFlag, number>;

/** How many working keys there are, and how many carry each flag, in one pass over the organization's keys. */
export async function countReviewFlags(actor: KeyActor, now = Date.now()): Promise<ReviewCounts> {
  assertMayReview(actor);
  const clock = clockAt(now);
  const counts = Prisma.join(FLAG_NAMES.map((flag) => Prisma.sql`count(*) FILTER (WHERE ${FLAG_SQL[flag](clock)})::int AS ${Prisma.raw(`"${flag}"`)}`));
  const [row] = await getPrisma().$queryRaw<ReviewCounts[]>`SELECT count(*)::int AS "all", ${counts} FROM ${reviewedKeysFrom(actor.organizationId, clock)}`;
  return row!;
}

const CSV_BATCH_SIZE = 1_000;

/** The review as CSV, header first, read a batch at a time so that a large organization never sits in memory whole. */
export async function* reviewCsv(actor: KeyActor, now = Date.now()): AsyncGenerator<string> {
  assertMayReview(actor);
  yield csvLine(CSV_HEADER);
  let cursor: string | undefined;
  do {
    const page = await reviewApiKeys(actor, { cursor, now }, CSV_BATCH_SIZE);
    if (page.items.length) yield page.items.map((key) => csvLine(csvRow(key))).join("");
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

const CSV_HEADER = ["id", "name", "hint", "environment", "scopes", "owner", "created_at", "expires_at", "last_used_at", "status", "flags"];

/** Hints only, never secrets: for spreadsheets and tickets. */
function csvRow(key: ReviewedKey): string[] {
  return [
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
  ];
}

function csvLine(cells: string[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

/** RFC 4180 quoting, plus a leading apostrophe for cells a spreadsheet would run as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
