// Read helpers for organizations, each scoped to what the given user may see.
// Every query names both the user and the organization, so a caller can never
// reach another tenant's data by passing the wrong id.
import "server-only";
import { prisma } from "@/lib/db/prisma";

export type OrganizationMembership = {
  organization: { id: string; slug: string; name: string };
  role: "OWNER" | "ADMIN" | "MEMBER";
};

/** The organizations a user belongs to, oldest membership first. */
export async function listOrganizationsForUser(userId: string): Promise<OrganizationMembership[]> {
  const memberships = await prisma.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, organization: { select: { id: true, slug: true, name: true } } },
  });
  return memberships;
}

/** The user's membership in the organization with this slug, or null if they are not a member. */
export async function findMembershipBySlug(userId: string, slug: string): Promise<OrganizationMembership | null> {
  return prisma.membership.findFirst({
    where: { userId, organization: { slug } },
    select: { role: true, organization: { select: { id: true, slug: true, name: true } } },
  });
}

/** The user's membership in the organization with this id, or null if they are not a member. */
export async function findMembership(userId: string, organizationId: string): Promise<OrganizationMembership | null> {
  return prisma.membership.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { role: true, organization: { select: { id: true, slug: true, name: true } } },
  });
}

/** The members of an organization, visible only to one of its members. */
export async function listMembers(viewerId: string, organizationId: string) {
  const viewer = await findMembership(viewerId, organizationId);
  if (!viewer) return null;
  return prisma.membership.findMany({
    where: { organizationId },
    orderBy: { createdAt: "asc" },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
}
