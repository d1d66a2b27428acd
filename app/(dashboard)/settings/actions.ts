"use server";
// Organization settings from the dashboard. Each is a memberAction (lib/
// dashboard/form-action.ts); lib/organizations/manage.ts re-checks the role
// inside its transaction, and validates what the form sent.
import { z } from "zod";
import { changePassword } from "@/lib/auth/change-password";
import { changeOrganizationCredits, creditChangeFromForm } from "@/lib/credits/manage-credits";
import { memberAction } from "@/lib/dashboard/form-action";
import { checkbox } from "@/lib/dashboard/form-fields";
import type { Role } from "@/lib/generated/prisma/enums";
import { updateLeakPolicy } from "@/lib/leaks/leak-policy";
import { changeMemberRole, inviteMember, removeMember, renameOrganization, revokeInvitation, updateKeyPolicy } from "@/lib/organizations/manage";

// The organization's name appears in every page's header.
const EVERY_PAGE = ["/*"];
const member = z.object({ userId: z.string(), email: z.string().default("") });

export const renameOrganizationAction = memberAction({
  returnTo: "/settings",
  schema: z.object({ name: z.string().default("") }),
  run: ({ name }, { organizationActor }) => renameOrganization(organizationActor, name).then(() => null),
  success: "Organization renamed.",
  revalidate: EVERY_PAGE,
});

export const updateKeyPolicyAction = memberAction({
  returnTo: "/settings",
  schema: z.object({ maxKeyLifetimeDays: z.string().default(""), requireKeyExpiry: checkbox }),
  run: ({ maxKeyLifetimeDays, requireKeyExpiry }, { organizationActor }) =>
    updateKeyPolicy(organizationActor, { maxKeyLifetimeDays: maxKeyLifetimeDays.trim() === "" ? null : Number(maxKeyLifetimeDays), requireKeyExpiry }).then(() => null),
  success: "Key policy saved.",
  revalidate: ["/settings"],
});

export const updateLeakPolicyAction = memberAction({
  returnTo: "/settings",
  schema: z.object({ leakPolicy: z.string().default("") }),
  run: ({ leakPolicy }, { organizationActor }) => updateLeakPolicy(organizationActor, leakPolicy).then(() => null),
  success: "Leak policy saved.",
  revalidate: ["/settings"],
});

export const inviteMemberAction = memberAction({
  returnTo: "/settings",
  schema: z.object({ email: z.string().default(""), role: z.string().default("MEMBER") }),
  run: ({ email, role }, { organizationActor }) => inviteMember(organizationActor, { email, role: role as Role }).then(() => email.trim()),
  success: (email) => `Invitation recorded for ${email}. They join when they next sign in, or sign up, with this email.`,
  revalidate: ["/settings"],
});

export const revokeInvitationAction = memberAction({
  returnTo: "/settings",
  schema: z.object({ invitationId: z.string(), email: z.string().default("") }),
  run: ({ invitationId, email }, { organizationActor }) => revokeInvitation(organizationActor, invitationId).then(() => email),
  success: (email) => `The invitation for ${email} was withdrawn.`,
  revalidate: ["/settings"],
});

export const changeMemberRoleAction = memberAction({
  returnTo: "/settings",
  schema: member.extend({ role: z.string() }),
  run: ({ userId, email, role }, { organizationActor }) => changeMemberRole(organizationActor, userId, role as Role).then(() => `${email} is now ${role.toLowerCase()}.`),
  success: (message) => message,
  revalidate: EVERY_PAGE,
});

export const removeMemberAction = memberAction({
  returnTo: "/settings",
  schema: member,
  run: ({ userId, email }, { organizationActor }) => removeMember(organizationActor, userId).then(() => email),
  success: (email) => `${email} was removed. Their keys still work; review them.`,
  revalidate: EVERY_PAGE,
});

/** Your own password: the other sessions end, this one stays. */
export const changePasswordAction = memberAction({
  returnTo: "/settings",
  schema: z.object({ currentPassword: z.string().default(""), newPassword: z.string().default("") }),
  run: (input, { membership, organizationActor }) => changePassword(membership.user, input, organizationActor.ip ?? null).then(() => null),
  success: "Password changed. Your other sessions have ended.",
});

/** The organization's credits: the button pressed (intent) says what to do. */
export const changeOrganizationCreditsAction = memberAction({
  returnTo: "/settings",
  schema: z.object({ intent: z.string().optional(), amount: z.string().optional(), monthlyRefill: z.string().optional() }),
  run: (form, { keyActor }) => changeOrganizationCredits(keyActor, creditChangeFromForm(form)),
  success: "Credits saved. Every server applies them at once.",
  revalidate: ["/settings"],
});
