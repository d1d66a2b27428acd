// Issue 9, enumeration: inviting confirms nothing about an email, the person
// joins on their next sign-in or sign-up, and sign-up is throttled per IP.
import { describe, expect, test } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate";
import { SIGN_UP_LIMIT } from "@/lib/auth/sign-in-throttle";
import { ValidationError } from "@/lib/errors";
import { signUp } from "@/lib/auth/sign-up";
import { getPrisma } from "@/lib/db/prisma";
import { inviteMember, revokeInvitation } from "@/lib/organizations/manage";
import { createOrganizationActor, createUserWithOrganization, TEST_PASSWORD, uniqueEmail } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();

let ipCounter = 0;
const freshIp = () => `192.0.2.${++ipCounter}`;

async function ownerOf(label: string) {
  const { user, organization } = await createOrganizationActor(label);
  return { organization, actor: { organizationId: organization.id, userId: user.id, email: user.email, ip: null } };
}

async function roleIn(organizationId: string, userId: string) {
  return (await getPrisma().membership.findUnique({ where: { organizationId_userId: { organizationId, userId } } }))?.role ?? null;
}

describe("invitations", () => {
  test("an existing account joins with the invited role when it next signs in", async () => {
    const { organization, actor } = await ownerOf("Inviter");
    const { user } = await createUserWithOrganization();
    await inviteMember(actor, { email: user.email, role: "ADMIN" });
    expect(await roleIn(organization.id, user.id)).toBeNull();
    expect(await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
    expect(await roleIn(organization.id, user.id)).toBe("ADMIN");
    const actions = (await getPrisma().auditEvent.findMany({ where: { organizationId: organization.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["member.invited", "member.joined"]));
  });

  test("an email with no account joins when it signs up", async () => {
    const { organization, actor } = await ownerOf("Inviter2");
    const email = uniqueEmail("newcomer");
    await inviteMember(actor, { email, role: "MEMBER" });
    const result = await signUp({ name: "Newcomer", email, password: "a long enough passphrase" });
    expect(await roleIn(organization.id, result.user.id)).toBe("MEMBER");
  });

  test("withdrawn and expired invitations are not accepted", async () => {
    const { organization, actor } = await ownerOf("Inviter3");
    const [withdrawn, expired] = [await createUserWithOrganization(), await createUserWithOrganization()];
    await inviteMember(actor, { email: withdrawn.user.email, role: "MEMBER" });
    await inviteMember(actor, { email: expired.user.email, role: "MEMBER" });
    const invitation = await getPrisma().invitation.findFirstOrThrow({ where: { email: withdrawn.user.email } });
    await revokeInvitation(actor, invitation.id);
    await getPrisma().invitation.updateMany({ where: { email: expired.user.email }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    for (const { user } of [withdrawn, expired]) {
      expect(await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
      expect(await roleIn(organization.id, user.id)).toBeNull();
    }
  });
});

describe("sign-up", () => {
  test("a taken email is refused without saying that an account exists", async () => {
    const { user } = await createUserWithOrganization();
    const refused = await signUp({ name: "Someone", email: user.email, password: "a long enough passphrase" }, { source: "web", ip: freshIp() }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    const text = JSON.stringify((refused as ValidationError).fields);
    expect(text).not.toMatch(/already exists|already registered|is taken/i);
    expect(text).toMatch(/couldn't create an account/);
  });

  test(`is limited to ${SIGN_UP_LIMIT.perIp} attempts per IP per hour; another IP is unaffected`, async () => {
    const ip = freshIp();
    for (let i = 0; i < SIGN_UP_LIMIT.perIp; i++) {
      // Invalid input still counts: probing for taken emails is what the limit bounds.
      await expect(signUp({ name: "Prober", email: uniqueEmail("probe"), password: "short" }, { source: "web", ip })).rejects.toBeInstanceOf(ValidationError);
    }
    const refused = signUp({ name: "Prober", email: uniqueEmail("probe"), password: "a long enough passphrase" }, { source: "web", ip });
    await expect(refused).rejects.toMatchObject({ status: 429, code: "too_many_sign_ups", message: expect.stringMatching(/Too many sign-ups/) });
    expect(await signUp({ name: "Other", email: uniqueEmail("other"), password: "a long enough passphrase" }, { source: "web", ip: freshIp() })).toMatchObject({ user: expect.anything() });
  });
});
