import "server-only";
import { prisma } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/errors";
import { findMembershipBySlug } from "./queries";

/**
 * The dashboard's organization switch: only to an organization the user is a
 * member of, remembered on the user (every device, every sign-in) as well as
 * in the browser's cookie by the caller.
 */
export async function chooseOrganization(userId: string, slug: string): Promise<{ slug: string }> {
  const membership = await findMembershipBySlug(userId, slug);
  if (!membership) throw new NotFoundError("You are not a member of that organization.");
  await prisma.user.update({ where: { id: userId }, data: { lastOrganizationId: membership.organization.id } });
  return { slug: membership.organization.slug };
}
