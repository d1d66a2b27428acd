// The signed-in member as an actor, for dashboard pages and server actions.
// Server actions call this on every invocation: the session, the membership
// and the role are read again each time, never trusted from the form.
import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { KeyActor } from "@/lib/api-keys/actor";
import { clientIpFrom } from "@/lib/http/client-ip";
import type { OrganizationActor } from "@/lib/organizations/manage";
import { requireDashboardContext, type OrgContext } from "@/lib/organizations/current";

export type ActingMember = {
  membership: OrgContext;
  keyActor: Extract<KeyActor, { type: "user" }>;
  organizationActor: OrganizationActor;
};

export async function requireActingMember(returnTo: string): Promise<ActingMember> {
  const context = await requireDashboardContext(returnTo);
  if (!context.membership) redirect("/keys");
  const { membership, user } = context;
  const ip = clientIpFrom(await headers());
  return {
    membership,
    keyActor: { type: "user", organizationId: membership.organization.id, userId: user.id, email: user.email, role: membership.role, ip },
    organizationActor: { organizationId: membership.organization.id, userId: user.id, email: user.email, ip },
  };
}
