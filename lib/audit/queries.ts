// Reading the audit log: newest first, filtered, paginated by cursor.
// Admins and owners see the whole organization; members see what they did
// themselves and what happened to their own keys.
import "server-only";
import { isUuid } from "@/lib/db/ids";
import { pageOf } from "@/lib/db/pagination";
import { getPrisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";

export type AuditViewer = { organizationId: string; userId: string; role: Role };
export type AuditFilters = { action?: string; actor?: string; targetId?: string; cursor?: string };

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEvents(viewer: AuditViewer, filters: AuditFilters = {}, pageSize = AUDIT_PAGE_SIZE) {
  const where: Prisma.AuditEventWhereInput = {
    organizationId: viewer.organizationId,
    AND: [
      await visibleTo(viewer),
      filters.action ? { action: { startsWith: filters.action } } : {},
      filters.actor ? { actorLabel: { contains: filters.actor, mode: "insensitive" } } : {},
      filters.targetId && isUuid(filters.targetId) ? { targetId: filters.targetId } : {},
      filters.cursor && isUuid(filters.cursor) ? { id: { lt: filters.cursor } } : {},
    ],
  };
  const events = await getPrisma().auditEvent.findMany({
    where,
    orderBy: { id: "desc" },
    take: pageSize + 1,
    select: { id: true, action: true, actorLabel: true, targetType: true, targetId: true, metadata: true, ip: true, createdAt: true },
  });
  // Event ids are UUIDv7, time-ordered: the id alone is the cursor.
  const page = pageOf(events, pageSize, (last) => last.id);
  return { events: page.items, nextCursor: page.nextCursor };
}

/** The distinct actions among the events the viewer may see, for the filter's choices (a member is not told what admins did). */
export async function listAuditActions(viewer: AuditViewer): Promise<string[]> {
  const rows = await getPrisma().auditEvent.findMany({
    where: { organizationId: viewer.organizationId, AND: [await visibleTo(viewer)] },
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((row) => row.action);
}

/** Admins and owners see everything; a member, what they did and what happened to their own keys. */
async function visibleTo(viewer: AuditViewer): Promise<Prisma.AuditEventWhereInput> {
  if (viewer.role !== "MEMBER") return {};
  return { OR: [{ actorUserId: viewer.userId }, { targetType: "api_key", targetId: { in: await ownKeyIds(viewer) } }] };
}

async function ownKeyIds(viewer: AuditViewer) {
  const keys = await getPrisma().apiKey.findMany({ where: { organizationId: viewer.organizationId, createdById: viewer.userId }, select: { id: true } });
  return keys.map((key) => key.id);
}
