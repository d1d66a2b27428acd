"use server";
import { cookies } from "next/headers";
import { getSessionUser } from "@/lib/auth/session";
import { runAction } from "@/lib/dashboard/action-result";
import { AppError, NotFoundError } from "@/lib/errors";
import { ACTIVE_ORGANIZATION_COOKIE } from "@/lib/organizations/current";
import { findMembershipBySlug } from "@/lib/organizations/queries";

/** Switches the dashboard to another organization the user belongs to. */
export async function switchOrganizationAction(slug: string) {
  return runAction(async () => {
    const user = await getSessionUser();
    if (!user) throw new AppError(401, "signed_out", "Your session ended. Sign in again.");
    if (!(await findMembershipBySlug(user.id, slug))) throw new NotFoundError("You are not a member of that organization.");
    (await cookies()).set(ACTIVE_ORGANIZATION_COOKIE, slug, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });
    return null;
  });
}
