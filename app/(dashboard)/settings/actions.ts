"use server";
// Organization settings from the dashboard: each action re-reads the session,
// and lib/organizations/manage.ts re-checks the role inside its transaction.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { changePassword } from "@/lib/auth/change-password";
import { clientIpFrom } from "@/lib/http/client-ip";
import { requireDashboardContext } from "@/lib/organizations/current";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { runAction, type ActionResult } from "@/lib/dashboard/action-result";
import { changeOrganizationCredits, creditChangeFromForm, type CreditState } from "@/lib/credits/manage-credits";
import type { Role } from "@/lib/generated/prisma/enums";
import { changeMemberRole, inviteMember, removeMember, renameOrganization, revokeInvitation, updateKeyPolicy } from "@/lib/organizations/manage";

async function settingsAction(work: (actor: Awaited<ReturnType<typeof requireActingMember>>["organizationActor"]) => Promise<void>): Promise<ActionResult> {
  return runAction(async () => {
    const { organizationActor } = await requireActingMember("/settings");
    await work(organizationActor);
    revalidatePath("/", "layout");
    return null;
  });
}

export async function renameOrganizationAction(name: string) {
  return settingsAction((actor) => renameOrganization(actor, name));
}

export async function updateKeyPolicyAction(policy: { maxKeyLifetimeDays: number | null; requireKeyExpiry: boolean }) {
  return settingsAction((actor) => updateKeyPolicy(actor, policy));
}

export async function inviteMemberAction(email: string, role: Role) {
  return settingsAction((actor) => inviteMember(actor, { email, role }));
}

export async function revokeInvitationAction(invitationId: string) {
  return settingsAction((actor) => revokeInvitation(actor, invitationId));
}

export async function changeMemberRoleAction(userId: string, role: Role) {
  return settingsAction((actor) => changeMemberRole(actor, userId, role));
}

export async function removeMemberAction(userId: string) {
  return settingsAction((actor) => removeMember(actor, userId));
}

/** Your own password: the other sessions end, this one stays. */
export async function changePasswordAction(currentPassword: string, newPassword: string) {
  return runAction(async () => {
    const { user } = await requireDashboardContext("/settings");
    await changePassword(user, { currentPassword, newPassword }, clientIpFrom(await headers()));
    return null;
  });
}

/** The organization's credits form (a <form action> with useActionState). */
export async function changeOrganizationCreditsAction(_previous: ActionResult<CreditState> | null, form: FormData): Promise<ActionResult<CreditState>> {
  return runAction(async () => {
    const { keyActor } = await requireActingMember("/settings");
    const credits = await changeOrganizationCredits(keyActor, creditChangeFromForm(form));
    revalidatePath("/settings");
    return credits;
  });
}
