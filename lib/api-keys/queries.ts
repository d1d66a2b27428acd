// Reading keys. Every query is scoped to the actor's organization, and members
// see only their own keys: anything else is "not found", never "forbidden", so
// ids of other people's keys reveal nothing.
import "server-only";
import { isUuid } from "@/lib/db/ids";
import { getPrisma } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { canSeeAllKeys, type KeyActor } from "./actor";
import { API_KEY_VIEW_SELECT, toApiKeyView, type ApiKeyView } from "./key-view";

export function visibleKeysWhere(actor: KeyActor): Prisma.ApiKeyWhereInput {
  return {
    organizationId: actor.organizationId,
    ...(canSeeAllKeys(actor) ? {} : { createdById: actor.type === "user" ? actor.userId : "" }),
  };
}

export type ListApiKeysOptions = { environment?: "LIVE" | "TEST"; search?: string };

/** Newest first. */
export async function listApiKeys(actor: KeyActor, options: ListApiKeysOptions = {}): Promise<ApiKeyView[]> {
  const rows = await getPrisma().apiKey.findMany({
    where: {
      ...visibleKeysWhere(actor),
      ...(options.environment ? { environment: options.environment } : {}),
      ...(options.search ? { name: { contains: options.search, mode: "insensitive" } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: API_KEY_VIEW_SELECT,
  });
  const now = Date.now();
  return rows.map((row) => toApiKeyView(row, now));
}

export async function getApiKey(actor: KeyActor, id: string): Promise<ApiKeyView> {
  if (!isUuid(id)) throw new NotFoundError("No such key.");
  const row = await getPrisma().apiKey.findFirst({ where: { ...visibleKeysWhere(actor), id }, select: API_KEY_VIEW_SELECT });
  if (!row) throw new NotFoundError("No such key.");
  return toApiKeyView(row);
}
