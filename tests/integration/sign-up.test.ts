import { describe, expect, test } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { signUp } from "@/lib/auth/sign-up";
import { prisma } from "@/lib/db/prisma";
import { TEST_PASSWORD, uniqueEmail } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();

describe("signUp", () => {
  test("creates the user, an organization they own, and an audit event", async () => {
    const email = uniqueEmail("ada");
    const result = await signUp({ name: "Ada Lovelace", email: `  ${email.toUpperCase()} `, password: TEST_PASSWORD });
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const user = await prisma.user.findUniqueOrThrow({ where: { id: result.user.id } });
    expect(user.email).toBe(email); // trimmed and lower-cased
    expect(user.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    expect(user.passwordHash).not.toContain(TEST_PASSWORD);
    expect(await verifyPassword(TEST_PASSWORD, user.passwordHash)).toBe(true);

    expect(result.organization.name).toBe("Ada Lovelace's organization");
    const membership = await prisma.membership.findFirstOrThrow({ where: { userId: user.id } });
    expect(membership).toMatchObject({ organizationId: result.organization.id, role: "OWNER" });

    const events = await prisma.auditEvent.findMany({ where: { organizationId: result.organization.id } });
    expect(events.map((e) => [e.action, e.actorUserId, e.actorLabel])).toEqual([["organization.created", user.id, email]]);
  });

  test("a taken email (in any case) is refused on the email field", async () => {
    const email = uniqueEmail("taken");
    expect((await signUp({ name: "First", email, password: TEST_PASSWORD })).ok).toBe(true);
    const again = await signUp({ name: "Second", email: email.toUpperCase(), password: TEST_PASSWORD });
    expect(again).toEqual({ ok: false, fieldErrors: { email: [expect.stringContaining("couldn't create an account")] } });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });

  test("two simultaneous sign-ups for one email create one account", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.all([
      signUp({ name: "One", email, password: TEST_PASSWORD }),
      signUp({ name: "Two", email, password: TEST_PASSWORD }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ fieldErrors: { email: [expect.stringContaining("couldn't create an account")] } });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });

  test("simultaneous sign-ups with the same organization name both succeed, with distinct slugs", async () => {
    const results = await Promise.all(
      [1, 2, 3].map((i) => signUp({ name: "Ada Lovelace", email: uniqueEmail(`same-org-${i}`), password: TEST_PASSWORD, organizationName: "Same Name Ltd" })),
    );
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    const slugs = results.map((r) => (r.ok ? r.organization.slug : ""));
    expect(new Set(slugs).size).toBe(3);
    for (const slug of slugs) expect(slug).toMatch(/^same-name-ltd/);
  });

  test.each([
    ["empty", { name: "", email: "", password: "" }, ["name", "email", "password"]],
    ["malformed email", { name: "A", email: "not-an-email", password: TEST_PASSWORD }, ["email"]],
    ["short password", { name: "A", email: uniqueEmail(), password: "short" }, ["password"]],
    ["common password", { name: "A", email: uniqueEmail(), password: "Password123" }, ["password"]],
    ["repetitive password", { name: "A", email: uniqueEmail(), password: "aaaaaaaaaaaa" }, ["password"]],
    ["password over bcrypt's 72 bytes", { name: "A", email: uniqueEmail(), password: "é".repeat(40) }, ["password"]],
  ])("%s is refused field by field and writes nothing", async (_label, input, fields) => {
    const before = await prisma.user.count();
    const result = await signUp(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual([...fields].sort());
    expect(await prisma.user.count()).toBe(before);
  });
});
