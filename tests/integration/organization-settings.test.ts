// Organization name, key policy and members, as the settings page changes them.
import { describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { changeMemberRole, inviteMember, removeMember, renameOrganization, updateKeyPolicy, type OrganizationActor } from "@/lib/organizations/manage";
import { addMember, createOrganizationActor, issueKey } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const prisma = () => getPrisma();

function orgActor(user: { id: string; email: string }, organizationId: string): OrganizationActor {
  return { organizationId, userId: user.id, email: user.email, ip: "203.0.113.9" };
}

describe("organization settings", () => {
  test("admins rename the organization and set the key policy; members cannot; all of it is audited", async () => {
    const { organization, user } = await createOrganizationActor("Settings");
    const admin = await addMember(organization.id, "ADMIN");
    const member = await addMember(organization.id, "MEMBER");
    await renameOrganization(orgActor(admin, organization.id), "  Renamed Inc  ");
    await updateKeyPolicy(orgActor(user, organization.id), { maxKeyLifetimeDays: 90, requireKeyExpiry: true });
    expect(await prisma().organization.findUniqueOrThrow({ where: { id: organization.id } })).toMatchObject({ name: "Renamed Inc", maxKeyLifetimeDays: 90, requireKeyExpiry: true });

    await expect(renameOrganization(orgActor(member, organization.id), "Mine")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateKeyPolicy(orgActor(member, organization.id), { maxKeyLifetimeDays: null, requireKeyExpiry: false })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(renameOrganization(orgActor(admin, organization.id), "   ")).rejects.toBeInstanceOf(ValidationError);
    await expect(updateKeyPolicy(orgActor(admin, organization.id), { maxKeyLifetimeDays: 0, requireKeyExpiry: false })).rejects.toBeInstanceOf(ValidationError);

    const actions = (await prisma().auditEvent.findMany({ where: { organizationId: organization.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["organization.created", "organization.renamed", "organization.policy_updated"]);
  });

  test("the policy then applies to new keys", async () => {
    const { organization, actor, user } = await createOrganizationActor("Policy");
    await updateKeyPolicy(orgActor(user, organization.id), { maxKeyLifetimeDays: 7, requireKeyExpiry: true });
    await expect(issueKey(actor, { expiresAt: null })).rejects.toBeInstanceOf(ValidationError);
    await expect(issueKey(actor, { expiresAt: new Date(Date.now() + 6 * 86_400_000) })).resolves.toBeTruthy();
  });
});

describe("members", () => {
  test("an admin invites by email, and the answer is the same whether or not the email has an account", async () => {
    const { organization } = await createOrganizationActor("Members");
    const admin = await addMember(organization.id, "ADMIN");
    const outsider = await createOrganizationActor("Outsider");
    const answers = await Promise.all([
      inviteMember(orgActor(admin, organization.id), { email: ` ${outsider.user.email.toUpperCase()} `, role: "MEMBER" }).then(() => "recorded", (e: Error) => e.message),
      inviteMember(orgActor(admin, organization.id), { email: "nobody@example.test", role: "MEMBER" }).then(() => "recorded", (e: Error) => e.message),
    ]);
    expect(answers).toEqual(["recorded", "recorded"]);
    // Nobody joins until they sign in: the member list shows no one new, either way.
    expect(await prisma().membership.count({ where: { organizationId: organization.id } })).toBe(2);
    const pending = await prisma().invitation.findMany({ where: { organizationId: organization.id }, orderBy: { email: "asc" } });
    expect(pending.map((i) => i.email)).toEqual(["nobody@example.test", outsider.user.email].sort());

    // Already a member: saying so tells the admin nothing they cannot see.
    const again = await inviteMember(orgActor(admin, organization.id), { email: admin.email, role: "MEMBER" }).catch((e: unknown) => e);
    expect((again as ValidationError).fields.email).toEqual(["They are already a member."]);
    // Only owners invite owners.
    await expect(inviteMember(orgActor(admin, organization.id), { email: "x@example.test", role: "OWNER" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("the last owner can be neither demoted nor removed; with a second owner, they can", async () => {
    const { organization, user: owner } = await createOrganizationActor("Owners");
    const ownerActor = orgActor(owner, organization.id);
    await expect(changeMemberRole(ownerActor, owner.id, "ADMIN")).rejects.toMatchObject({ code: "last_owner" });
    await expect(removeMember(ownerActor, owner.id)).rejects.toBeInstanceOf(ConflictError);

    const second = await addMember(organization.id, "ADMIN");
    await changeMemberRole(ownerActor, second.id, "OWNER");
    await changeMemberRole(ownerActor, owner.id, "MEMBER");
    expect(await prisma().membership.count({ where: { organizationId: organization.id, role: "OWNER" } })).toBe(1);
  });

  test("two owners demoting each other at once leave one owner", async () => {
    const { organization, user: first } = await createOrganizationActor("Race");
    const second = await addMember(organization.id, "OWNER");
    const results = await Promise.allSettled([
      changeMemberRole(orgActor(first, organization.id), second.id, "ADMIN"),
      changeMemberRole(orgActor(second, organization.id), first.id, "ADMIN"),
    ]);
    expect(await prisma().membership.count({ where: { organizationId: organization.id, role: "OWNER" } })).toBe(1);
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(1);
  });

  test("admins cannot remove or demote owners; a removed member's keys stay for review", async () => {
    const { organization, user: owner } = await createOrganizationActor("Admins");
    const admin = await addMember(organization.id, "ADMIN");
    await expect(removeMember(orgActor(admin, organization.id), owner.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeMemberRole(orgActor(admin, organization.id), owner.id, "MEMBER")).rejects.toBeInstanceOf(ForbiddenError);

    const member = await addMember(organization.id, "MEMBER");
    const { apiKey } = await issueKey({ type: "user", organizationId: organization.id, userId: member.id, email: member.email, role: "MEMBER", ip: null });
    await removeMember(orgActor(admin, organization.id), member.id);
    expect(await prisma().membership.findFirst({ where: { organizationId: organization.id, userId: member.id } })).toBeNull();
    expect(await prisma().apiKey.findUnique({ where: { id: apiKey.id } })).toMatchObject({ revokedAt: null });
    const removed = await prisma().auditEvent.findFirstOrThrow({ where: { organizationId: organization.id, action: "member.removed" } });
    expect(removed).toMatchObject({ actorUserId: admin.id, targetId: member.id, ip: "203.0.113.9" });
  });

  test("a member of another organization cannot change this one", async () => {
    const { organization, user } = await createOrganizationActor("Target");
    const other = await createOrganizationActor("Attacker");
    await expect(renameOrganization(orgActor(other.user, organization.id), "Pwned")).rejects.toMatchObject({ status: 404 });
    await expect(removeMember(orgActor(other.user, organization.id), user.id)).rejects.toMatchObject({ status: 404 });
  });
});
