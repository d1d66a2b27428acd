// Reading keys. Every query is scoped to the actor's organization, and members
// see only their own keys: anything else is "not found", never "forbidden", so
// ids of other people's keys reveal nothing.
import "server-only";
import { isUuid } from "@/lib/db/ids";
import { getPrisma } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { afterCreatedAtCursor, decodeCreatedAtCursor, encodeCreatedAtCursor, NEWEST_FIRST, pageOf, type Page } from "@/lib/db/pagination";
import type { Prisma } from "@/lib/generated/prisma/client";
import { canSeeAllKeys, type KeyActor } from "./actor";
import { API_KEY_VIEW_SELECT, keyStatusWhere, toApiKeyView, type ApiKeyStatus, type ApiKeyView } from "./key-view";

export function visibleKeysWhere(actor: KeyActor): Prisma.ApiKeyWhereInput {
  return {
    organizationId: actor.organizationId,
    ...(canSeeAllKeys(actor) ? {} : { createdById: actor.type === "user" ? actor.userId : "" }),
  };
}

export type ListApiKeysOptions = { environment?: "LIVE" | "TEST"; search?: string };

function filteredKeysWhere(actor: KeyActor, options: ListApiKeysOptions): Prisma.ApiKeyWhereInput {
  return {
    ...visibleKeysWhere(actor),
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.search ? { name: { contains: options.search, mode: "insensitive" } } : {}),
  };
}

/** Every visible key, newest first: for the CLI, which prints them all. The dashboard reads pages (listApiKeyPage). */
export async function listApiKeys(actor: KeyActor, options: ListApiKeysOptions = {}): Promise<ApiKeyView[]> {
  const rows = await getPrisma().apiKey.findMany({ where: filteredKeysWhere(actor, options), orderBy: [...NEWEST_FIRST], select: API_KEY_VIEW_SELECT });
  const now = Date.now();
  return rows.map((row) => toApiKeyView(row, now));
}

export const KEYS_PAGE_SIZE = 50;

export type KeyPageOptions = ListApiKeysOptions & { status?: ApiKeyStatus; cursor?: string; now?: number };

/**
 * One page of the visible keys, newest first, filtered in SQL. The status is
 * derived (expiry, revocation, successor), so it is filtered as of `now`, the
 * same instant the views' statuses are computed at.
 */
export async function listApiKeyPage(actor: KeyActor, options: KeyPageOptions = {}, pageSize = KEYS_PAGE_SIZE): Promise<Page<ApiKeyView>> {
  const now = options.now ?? Date.now();
  const rows = await getPrisma().apiKey.findMany({
    where: {
      AND: [
        filteredKeysWhere(actor, options),
        options.status ? keyStatusWhere(options.status, now) : {},
        afterCreatedAtCursor(decodeCreatedAtCursor(options.cursor)),
      ],
    },
    orderBy: [...NEWEST_FIRST],
    take: pageSize + 1,
    select: API_KEY_VIEW_SELECT,
  });
  const page = pageOf(rows, pageSize, encodeCreatedAtCursor);
  return { items: page.items.map((row) => toApiKeyView(row, now)), nextCursor: page.nextCursor };
}

export async function getApiKey(actor: KeyActor, id: string): Promise<ApiKeyView> {
  if (!isUuid(id)) throw new NotFoundError("No such key.");
  const row = await getPrisma().apiKey.findFirst({ where: { ...visibleKeysWhere(actor), id }, select: API_KEY_VIEW_SELECT });
  if (!row) throw new NotFoundError("No such key.");
  return toApiKeyView(row);
}
