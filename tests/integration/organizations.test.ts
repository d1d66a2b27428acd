import { describe, expect, test } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { findMembership, findMembershipBySlug, listMembers, listOrganizationsForUser } from "@/lib/organizations/queries";
import { createUserWithOrganization } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();

describe("organization query helpers are tenant-isolated", () => {
  test("a user sees their own organization and never another's", async () => {
    const ada = await createUserWithOrganization({ name: "Ada", organizationName: "Analytical Engines" });
    const bob = await createUserWithOrganization({ name: "Bob", organizationName: "Bob's Burgers" });

    const adaOrgs = await listOrganizationsForUser(ada.user.id);
    expect(adaOrgs).toEqual([{ role: "OWNER", organization: ada.organization }]);

    expect(await findMembership(ada.user.id, ada.organization.id)).toMatchObject({ role: "OWNER" });
    expect(await findMembership(ada.user.id, bob.organization.id)).toBeNull();
    expect(await findMembershipBySlug(ada.user.id, bob.organization.slug)).toBeNull();
    expect(await findMembershipBySlug(bob.user.id, bob.organization.slug)).toMatchObject({ organization: bob.organization });
  });

  test("members are listed only to members of the same organization", async () => {
    const ada = await createUserWithOrganization({ name: "Ada" });
    const eve = await createUserWithOrganization({ name: "Eve" });

    expect(await listMembers(eve.user.id, ada.organization.id)).toBeNull();
    const members = await listMembers(ada.user.id, ada.organization.id);
    expect(members?.map((m) => [m.user.email, m.role])).toEqual([[ada.user.email, "OWNER"]]);
  });

  test("a user added to a second organization sees both, with the right role in each", async () => {
    const owner = await createUserWithOrganization({ name: "Owner" });
    const member = await createUserWithOrganization({ name: "Member" });
    await prisma.membership.create({ data: { organizationId: owner.organization.id, userId: member.user.id, role: "MEMBER" } });

    const orgs = await listOrganizationsForUser(member.user.id);
    expect(orgs.map((m) => [m.organization.id, m.role])).toEqual([
      [member.organization.id, "OWNER"],
      [owner.organization.id, "MEMBER"],
    ]);
    // The owner's view is unchanged: membership flows one way.
    expect((await listOrganizationsForUser(owner.user.id)).map((m) => m.organization.id)).toEqual([owner.organization.id]);
  });

  test("organizations with the same name get distinct slugs", async () => {
    const first = await createUserWithOrganization({ organizationName: "Acme, Inc." });
    const second = await createUserWithOrganization({ organizationName: "Acme, Inc." });
    expect(first.organization.slug).toBe("acme-inc");
    expect(second.organization.slug).toMatch(/^acme-inc-[0-9a-f]{6}$/);
  });
});
