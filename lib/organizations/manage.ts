// Changing an organization: its name, its key policy and its members. Every
// function re-checks the acting member's role in the database, writes an audit
// event in the same transaction, and refuses to leave the organization without
// an owner.
import "server-only";
import { endUserSessions } from "@/lib/auth/sessions";
import { z } from "zod";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { isUuid } from "@/lib/db/ids";
import { getPrisma, type Tx } from "@/lib/db/prisma";
import { ConflictError, fieldErrorsFrom, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { AuditAction } from "@/lib/audit/actions";
import { hasRole } from "./roles";
import { OrganizationNameSchema } from "./schemas";

export type OrganizationActor = { organizationId: string; userId: string; email: string; ip: string | null };

const RoleSchema = z.enum(["OWNER", "ADMIN", "MEMBER"], { error: "Choose owner, admin or member." });

export const KeyPolicySchema = z.object({
  maxKeyLifetimeDays: z
    .number({ error: "Enter a number of days." })
    .int("Enter a whole number of days.")
    .min(1, "At least 1 day.")
    .max(3650, "At most 3650 days (10 years).")
    .nullable(),
  requireKeyExpiry: z.boolean(),
});

function auditActor(actor: OrganizationActor): AuditActor {
  return { type: "user", userId: actor.userId, label: actor.email, ip: actor.ip };
}

/** The actor's role, read inside the transaction: a role changed a second ago counts. */
export async function requireRole(tx: Tx, actor: OrganizationActor, minimum: Role): Promise<Role> {
  const membership = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId: actor.organizationId, userId: actor.userId } },
    select: { role: true },
  });
  if (!membership) throw new NotFoundError("No such organization.");
  if (!hasRole(membership.role, minimum)) throw new ForbiddenError("insufficient_role", `Only ${minimum === "OWNER" ? "owners" : "admins and owners"} can do that.`);
  return membership.role;
}

/** Changes the organization's own row and records it, in the caller's transaction (after requireRole). */
export async function updateOrganization(
  tx: Tx,
  actor: OrganizationActor,
  change: { data: Prisma.OrganizationUpdateInput; action: AuditAction; metadata: Prisma.InputJsonObject },
) {
  await tx.organization.update({ where: { id: actor.organizationId }, data: change.data });
  await recordAuditEvent(tx, {
    organizationId: actor.organizationId,
    actor: auditActor(actor),
    action: change.action,
    target: { type: "organization", id: actor.organizationId },
    metadata: change.metadata,
  });
}

export async function renameOrganization(actor: OrganizationActor, name: string) {
  const parsed = OrganizationNameSchema.safeParse(name);
  if (!parsed.success) throw new ValidationError({ name: parsed.error.issues.map((i) => i.message) });
  await getPrisma().$transaction(async (tx) => {
    await requireRole(tx, actor, "ADMIN");
    const before = await tx.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: { name: true } });
    await updateOrganization(tx, actor, { data: { name: parsed.data }, action: "organization.renamed", metadata: { before: before.name, after: parsed.data } });
  });
}

export async function updateKeyPolicy(actor: OrganizationActor, policy: z.input<typeof KeyPolicySchema>) {
  const parsed = KeyPolicySchema.safeParse(policy);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  await getPrisma().$transaction(async (tx) => {
    await requireRole(tx, actor, "ADMIN");
    await updateOrganization(tx, actor, { data: parsed.data, action: "organization.policy_updated", metadata: parsed.data });
  });
}

/** How long an invitation waits for its person to sign in or sign up. */
export const INVITATION_DAYS = 7;

/**
 * Invites someone by email. The answer is the same whether or not the email
 * has a Keyward account (it used to say "No Keyward account has this email",
 * which told any admin who has an account): the person joins when they next
 * sign in or sign up with it (lib/organizations/invitations.ts). Inviting the
 * same email again renews the invitation with the new role.
 */
export async function inviteMember(actor: OrganizationActor, input: { email: string; role: Role }) {
  const email = z.email("Enter a valid email address.").safeParse(String(input.email ?? "").trim().toLowerCase());
  const role = RoleSchema.safeParse(input.role);
  if (!email.success || !role.success) {
    throw new ValidationError({
      ...(email.success ? {} : { email: email.error.issues.map((i) => i.message) }),
      ...(role.success ? {} : { role: role.error.issues.map((i) => i.message) }),
    });
  }
  await getPrisma().$transaction(async (tx) => {
    const actorRole = await requireRole(tx, actor, "ADMIN");
    if (role.data === "OWNER" && actorRole !== "OWNER") throw new ForbiddenError("insufficient_role", "Only owners can invite owners.");
    // The admin can see the member list anyway, so saying so reveals nothing new.
    const member = await tx.membership.findFirst({ where: { organizationId: actor.organizationId, user: { email: email.data } }, select: { id: true } });
    if (member) throw new ValidationError({ email: ["They are already a member."] });
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
    const pending = await tx.invitation.findFirst({
      where: { organizationId: actor.organizationId, email: email.data, acceptedAt: null, revokedAt: null },
      select: { id: true },
    });
    const invitation = pending
      ? await tx.invitation.update({ where: { id: pending.id }, data: { role: role.data, expiresAt, invitedById: actor.userId }, select: { id: true } })
      : await tx.invitation.create({ data: { organizationId: actor.organizationId, email: email.data, role: role.data, expiresAt, invitedById: actor.userId }, select: { id: true } });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actor: auditActor(actor),
      action: "member.invited",
      target: { type: "invitation", id: invitation.id },
      metadata: { email: email.data, role: role.data, expiresAt: expiresAt.toISOString() },
    });
  });
}

/** Withdraws a pending invitation. */
export async function revokeInvitation(actor: OrganizationActor, invitationId: string) {
  if (!isUuid(invitationId)) throw new NotFoundError("No such invitation.");
  await getPrisma().$transaction(async (tx) => {
    await requireRole(tx, actor, "ADMIN");
    const invitation = await tx.invitation.findFirst({
      where: { id: invitationId, organizationId: actor.organizationId, acceptedAt: null, revokedAt: null },
      select: { email: true, role: true },
    });
    if (!invitation) throw new NotFoundError("No such invitation.");
    await tx.invitation.update({ where: { id: invitationId }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actor: auditActor(actor),
      action: "member.invitation_revoked",
      target: { type: "invitation", id: invitationId },
      metadata: { email: invitation.email, role: invitation.role },
    });
  });
}

export async function changeMemberRole(actor: OrganizationActor, userId: string, newRole: Role) {
  const role = RoleSchema.safeParse(newRole);
  if (!role.success) throw new ValidationError({ role: role.error.issues.map((i) => i.message) });
  await getPrisma().$transaction(async (tx) => {
    const actorRole = await requireRole(tx, actor, "ADMIN");
    const member = await lockMembers(tx, actor.organizationId, userId);
    if ((member.role === "OWNER" || role.data === "OWNER") && actorRole !== "OWNER") {
      throw new ForbiddenError("insufficient_role", "Only owners can make or unmake owners.");
    }
    if (member.role === "OWNER" && role.data !== "OWNER" && member.owners === 1) {
      throw new ConflictError("last_owner", "An organization needs an owner. Make someone else an owner first.");
    }
    await tx.membership.update({ where: { id: member.id }, data: { role: role.data } });
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actor: auditActor(actor),
      action: "member.role_changed",
      target: { type: "user", id: userId },
      metadata: { email: member.email, before: member.role, after: role.data },
    });
  });
}

/**
 * Removes a member. Their keys stay, owned by someone who left, for admin
 * review to find. Someone left with no organization at all is signed out
 * everywhere: nothing of Keyward is theirs to see any more.
 */
export async function removeMember(actor: OrganizationActor, userId: string) {
  await getPrisma().$transaction(async (tx) => {
    const actorRole = await requireRole(tx, actor, "ADMIN");
    const member = await lockMembers(tx, actor.organizationId, userId);
    if (member.role === "OWNER" && actorRole !== "OWNER") throw new ForbiddenError("insufficient_role", "Only owners can remove owners.");
    if (member.role === "OWNER" && member.owners === 1) {
      throw new ConflictError("last_owner", "An organization needs an owner. You cannot remove the last one.");
    }
    await tx.membership.delete({ where: { id: member.id } });
    if ((await tx.membership.count({ where: { userId } })) === 0) await endUserSessions(tx, userId);
    await recordAuditEvent(tx, {
      organizationId: actor.organizationId,
      actor: auditActor(actor),
      action: "member.removed",
      target: { type: "user", id: userId },
      metadata: { email: member.email, role: member.role },
    });
  });
}

/**
 * Locks the organization's memberships, so two owners demoting each other at
 * once cannot both pass the "last owner" check, and returns the target's.
 */
async function lockMembers(tx: Tx, organizationId: string, userId: string) {
  const rows = await tx.$queryRaw<{ id: string; user_id: string; role: Role; email: string }[]>`
    SELECT m.id, m.user_id, m.role::text AS role, u.email
    FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.organization_id = ${organizationId}::uuid
    ORDER BY m.id
    FOR UPDATE OF m`;
  const target = rows.find((row) => row.user_id === userId);
  if (!target) throw new NotFoundError("No such member.");
  return { id: target.id, role: target.role, email: target.email, owners: rows.filter((row) => row.role === "OWNER").length };
}
