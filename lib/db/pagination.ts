// Keyset ("cursor") pagination for the dashboard's long lists. A page is read
// with `take: pageSize + 1`: the extra row only tells whether a next page
// exists, so no query ever counts or loads the whole list.
//
// Lists ordered by (createdAt desc, id desc) carry both in their cursor, since
// many rows can share a createdAt (a bulk import, a seeded organization). The
// cursor comes from the address bar, so it is validated, never trusted: a
// cursor that does not decode to a date and a UUID reads as "first page".
import { isUuid } from "./ids";

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Splits rows read with `take: pageSize + 1` into the page and the cursor of the next one. */
export function pageOf<T>(rows: T[], pageSize: number, cursorOf: (last: T) => string): Page<T> {
  const items = rows.slice(0, pageSize);
  return { items, nextCursor: rows.length > pageSize ? cursorOf(items[items.length - 1]!) : null };
}

export type CreatedAtCursor = { createdAt: Date; id: string };

export function encodeCreatedAtCursor(row: CreatedAtCursor): string {
  return Buffer.from(`${row.createdAt.toISOString()}_${row.id}`).toString("base64url");
}

/** The position a cursor names, or null (first page) for anything that is not one of ours. */
export function decodeCreatedAtCursor(cursor: string | undefined): CreatedAtCursor | null {
  if (!cursor || cursor.length > 100) return null;
  const [iso, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("_");
  if (!iso || !id || rest.length || !isUuid(id)) return null;
  const createdAt = new Date(iso);
  return Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso ? null : { createdAt, id };
}

/** Rows strictly after the cursor in (createdAt desc, id desc) order, as a Prisma where. */
export function afterCreatedAtCursor(cursor: CreatedAtCursor | null) {
  if (!cursor) return {};
  return { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] };
}

export const NEWEST_FIRST = [{ createdAt: "desc" }, { id: "desc" }] as const;
