"use server";
// The dashboard's own mutations: which organization it shows, and signing out.
import { cookies } from "next/headers";
import { z } from "zod";
import { getSessionUser } from "@/lib/auth/session";
import { endDashboardSession } from "@/lib/auth/sign-in";
import { memberAction, publicAction } from "@/lib/dashboard/form-action";
import { ACTIVE_ORGANIZATION_COOKIE } from "@/lib/organizations/current";
import { chooseOrganization } from "@/lib/organizations/choose-organization";

export const switchOrganizationAction = memberAction({
  returnTo: "/keys",
  schema: z.object({ organization: z.string().min(1, "Choose an organization.") }),
  async run(input, { membership }) {
    const chosen = await chooseOrganization(membership.user.id, input.organization);
    (await cookies()).set(ACTIVE_ORGANIZATION_COOKIE, chosen.slug, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });
    return null;
  },
  revalidate: ["/*"],
  // Another organization's key or member pages would be 404s: start again from its keys.
  redirectTo: () => "/keys",
});

/** Ends this session on the server (the cookie stops working everywhere it was copied) and goes to sign-in. */
export const signOutAction = publicAction({
  schema: z.object({}),
  async run() {
    const user = await getSessionUser();
    await endDashboardSession(user?.sessionId ?? null);
    return null;
  },
  redirectTo: () => "/sign-in",
});
