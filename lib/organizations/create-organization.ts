import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/prisma";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { slugify, slugWithSuffix } from "./slug";

/**
 * Creates an organization owned by `ownerId`, inside the caller's transaction.
 * Without an explicit slug, one is derived from the name and made unique.
 */
export async function createOrganizationWithOwner(
  tx: Tx,
  input: { name: string; slug?: string; ownerId: string; actor: AuditActor },
) {
  const slug = input.slug ?? (await availableSlug(tx, slugify(input.name)));
  const organization = await tx.organization.create({
    data: {
      name: input.name,
      slug,
      memberships: { create: { userId: input.ownerId, role: "OWNER" } },
    },
  });
  await recordAuditEvent(tx, {
    organizationId: organization.id,
    actor: input.actor,
    action: "organization.created",
    target: { type: "organization", id: organization.id },
    metadata: { name: organization.name, slug: organization.slug },
  });
  return organization;
}

async function availableSlug(tx: Tx, base: string): Promise<string> {
  const taken = await tx.organization.findUnique({ where: { slug: base }, select: { id: true } });
  return taken ? slugWithSuffix(base) : base;
}

export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (!field) return true;
  return JSON.stringify(error.meta ?? {}).includes(field);
}
