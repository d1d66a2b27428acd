// The organization a signed-in dashboard user is working in.
import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getSessionUser, signInPath, type SessionUser } from "@/lib/auth/session";
import { listOrganizationsForUser, type OrganizationMembership } from "./queries";

/**
 * Which organization this browser last chose. The user's own record holds
 * their last choice too (users.last_organization_id), for a browser that has none.
 */
export const ACTIVE_ORGANIZATION_COOKIE = "kw_org";

export type OrgContext = {
  user: SessionUser;
  organization: OrganizationMembership["organization"];
  role: OrganizationMembership["role"];
  organizations: OrganizationMembership[];
};

export type DashboardContext = { user: SessionUser; membership: OrgContext | null };

/** The user and their current membership; null when signed out. Cached per request. */
export const getDashboardContext = cache(async (): Promise<DashboardContext | null> => {
  const user = await getSessionUser();
  if (!user) return null;
  const organizations = await listOrganizationsForUser(user.id);
  const chosen = (await cookies()).get(ACTIVE_ORGANIZATION_COOKIE)?.value;
  const current =
    organizations.find((m) => m.organization.slug === chosen) ??
    organizations.find((m) => m.organization.id === user.lastOrganizationId) ??
    organizations[0];
  return { user, membership: current ? { user, ...current, organizations } : null };
});

/**
 * For dashboard pages: the signed-in user's organization context. A signed-out
 * visitor is sent to sign-in and brought back to `returnTo` afterwards.
 */
export async function requireDashboardContext(returnTo: string): Promise<DashboardContext> {
  const context = await getDashboardContext();
  if (!context) redirect(signInPath(returnTo));
  return context;
}
