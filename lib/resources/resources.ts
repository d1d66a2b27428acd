// The resources that /api/v1 serves. Every function takes the caller's scope:
// an organization and an environment. A resource outside it does not exist
// for the caller (404), whichever organization or environment it belongs to.
import "server-only";
import { isUuid } from "@/lib/db/ids";
import { getPrisma } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ResourceInput, ResourceOutput, ResourcePatch, ResourceReplacement } from "./schemas";

export type ResourceScope = { organizationId: string; environment: "LIVE" | "TEST" };
/** Who is creating: the calling key, and the user a token acts for. */
export type ResourceAuthor = { apiKeyId: string; userId: string | null };

const SELECT = {
  id: true,
  name: true,
  type: true,
  config: true,
  environment: true,
  createdByKeyId: true,
  createdByUserId: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ResourceSelect;
type Row = Prisma.ResourceGetPayload<{ select: typeof SELECT }>;

function toOutput(row: Row): ResourceOutput {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    config: row.config as Record<string, unknown>,
    environment: row.environment === "LIVE" ? "live" : "test",
    createdBy: { apiKeyId: row.createdByKeyId, userId: row.createdByUserId },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Oldest first; ids are UUIDv7, so the id is the cursor. */
export async function listResources(scope: ResourceScope, page: { limit: number; cursor?: string }) {
  const rows = await getPrisma().resource.findMany({
    where: { ...scope, ...(page.cursor ? { id: { gt: page.cursor } } : {}) },
    orderBy: { id: "asc" },
    take: page.limit + 1,
    select: SELECT,
  });
  const more = rows.length > page.limit;
  const data = rows.slice(0, page.limit).map(toOutput);
  return { data, nextCursor: more ? data[data.length - 1]!.id : null };
}

export async function createResource(scope: ResourceScope, input: ResourceInput, author: ResourceAuthor): Promise<ResourceOutput> {
  const row = await getPrisma().resource.create({
    data: {
      ...scope,
      name: input.name,
      type: input.type,
      config: input.config as Prisma.InputJsonObject,
      createdByKeyId: author.apiKeyId,
      createdByUserId: author.userId,
    },
    select: SELECT,
  });
  return toOutput(row);
}

export async function getResource(scope: ResourceScope, id: string): Promise<ResourceOutput> {
  const row = isUuid(id) ? await getPrisma().resource.findFirst({ where: { ...scope, id }, select: SELECT }) : null;
  if (!row) throw notFound();
  return toOutput(row);
}

/** PUT replaces every field; PATCH changes the ones given. */
export async function updateResource(scope: ResourceScope, id: string, changes: ResourceInput | ResourceReplacement | ResourcePatch): Promise<ResourceOutput> {
  if (!isUuid(id)) throw notFound();
  const data: Prisma.ResourceUpdateManyMutationInput = {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.type !== undefined ? { type: changes.type } : {}),
    ...(changes.config !== undefined ? { config: changes.config as Prisma.InputJsonObject } : {}),
  };
  // updateMany with the scope in the WHERE: one statement, and no way to touch another tenant's row.
  const { count } = await getPrisma().resource.updateMany({ where: { ...scope, id }, data });
  if (count === 0) throw notFound();
  return getResource(scope, id);
}

export async function deleteResource(scope: ResourceScope, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound();
  const { count } = await getPrisma().resource.deleteMany({ where: { ...scope, id } });
  if (count === 0) throw notFound();
}

function notFound() {
  return new NotFoundError("No such resource.");
}
