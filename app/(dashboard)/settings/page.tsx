import type { Metadata } from "next";
import { changeOrganizationCreditsAction } from "@/app/(dashboard)/settings/actions";
import { CreditsForm } from "@/components/keys/credits-form";
import { KeyPolicyForm, MembersSection, OrganizationNameForm, PasswordForm } from "@/components/settings/settings-forms";
import { LeakPolicyForm } from "@/components/leaks/leak-policy-form";
import { NotificationsCard } from "@/components/settings/notifications-card";
import { LEAK_POLICY_LABELS } from "@/lib/leaks/leak-policy";
import { readCredits } from "@/lib/credits/manage-credits";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { getPrisma } from "@/lib/db/prisma";
import { listPendingInvitations } from "@/lib/organizations/invitations";
import { listMembers } from "@/lib/organizations/queries";
import { formatDateTime } from "@/lib/dashboard/format";
import { serverEnv } from "@/lib/env";
import { countEndpoints } from "@/lib/webhooks/queries";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { membership, keyActor } = await requireActingMember("/settings");
  const [organization, members, invitations, credits, endpoints] = await Promise.all([
    getPrisma().organization.findUniqueOrThrow({
      where: { id: membership.organization.id },
      select: { name: true, maxKeyLifetimeDays: true, requireKeyExpiry: true, leakPolicy: true },
    }),
    listMembers(keyActor.userId, membership.organization.id),
    listPendingInvitations(membership.organization.id),
    readCredits(membership.organization.id),
    countEndpoints(membership.organization.id),
  ]);
  const canManage = membership.role !== "MEMBER";
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <OrganizationNameForm name={organization.name} canEdit={canManage} />
      <MembersSection
        canManage={canManage}
        isOwner={membership.role === "OWNER"}
        invitations={invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: formatDateTime(i.expiresAt) }))}
        members={(members ?? []).map((m) => ({ userId: m.user.id, email: m.user.email, name: m.user.name, role: m.role, isYou: m.user.id === keyActor.userId }))}
      />
      <KeyPolicyForm policy={{ maxKeyLifetimeDays: organization.maxKeyLifetimeDays, requireKeyExpiry: organization.requireKeyExpiry }} canEdit={canManage} />
      <LeakPolicyForm
        policy={organization.leakPolicy}
        canEdit={canManage}
        choices={(["REVOKE", "FLAG"] as const).map((value) => ({ value, ...LEAK_POLICY_LABELS[value] }))}
      />
      {canManage && <NotificationsCard summary={{ ...endpoints, emailReminders: Boolean(serverEnv().SMTP_URL) }} />}
      {canManage && <CreditsForm action={changeOrganizationCreditsAction} current={credits} subject="organization" />}
      <PasswordForm />
    </section>
  );
}
