import { describe, expect, test } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { serverEnv } from "@/lib/env";
import { signUp } from "@/lib/auth/sign-up";
import { ValidationError } from "@/lib/errors";
import { prisma } from "@/lib/db/prisma";
import { TEST_PASSWORD, uniqueEmail } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();

describe("signUp", () => {
  test("creates the user, an organization they own, and an audit event", async () => {
    const email = uniqueEmail("ada");
    const result = await signUp({ name: "Ada Lovelace", email: `  ${email.toUpperCase()} `, password: TEST_PASSWORD });

    const user = await prisma.user.findUniqueOrThrow({ where: { id: result.user.id } });
    expect(user.email).toBe(email); // trimmed and lower-cased
    // At the configured cost (vitest.config.ts lowers it; tests/unit/env.test.ts checks production's rules).
    expect(serverEnv().KEYWARD_BCRYPT_COST).toBe(4);
    expect(user.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(user.passwordHash).not.toContain(TEST_PASSWORD);
    expect(await verifyPassword(TEST_PASSWORD, user.passwordHash)).toBe(true);

    expect(result.organization.name).toBe("Ada Lovelace's organization");
    const membership = await prisma.membership.findFirstOrThrow({ where: { userId: user.id } });
    expect(membership).toMatchObject({ organizationId: result.organization.id, role: "OWNER" });

    const events = await prisma.auditEvent.findMany({ where: { organizationId: result.organization.id } });
    expect(events.map((e) => [e.action, e.actorUserId, e.actorLabel])).toEqual([["organization.created", user.id, email]]);
  });

  test("a password hashed at another cost (12, the default before the cost was a setting) still verifies", async () => {
    const atCost12 = "$2b$12$tQwsD5jPJaSaE0I73Ofw3ukL8Q9yiDHCyRXBoLkXBWqBszFnnLR0O"; // bcrypt(TEST_PASSWORD, 12)
    expect(await verifyPassword(TEST_PASSWORD, atCost12)).toBe(true);
    expect(await verifyPassword(`${TEST_PASSWORD}!`, atCost12)).toBe(false);
  }, 60_000); // two cost-12 checks: a second on an idle core, many on a busy machine

  test("a taken email (in any case) is refused on the email field", async () => {
    const email = uniqueEmail("taken");
    await signUp({ name: "First", email, password: TEST_PASSWORD });
    const again = await signUp({ name: "Second", email: email.toUpperCase(), password: TEST_PASSWORD }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(ValidationError);
    expect((again as ValidationError).fields).toEqual({ email: [expect.stringContaining("couldn't create an account")] });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });

  test("two simultaneous sign-ups for one email create one account", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.allSettled([
      signUp({ name: "One", email, password: TEST_PASSWORD }),
      signUp({ name: "Two", email, password: TEST_PASSWORD }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected")?.reason;
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.fields).toEqual({ email: [expect.stringContaining("couldn't create an account")] });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });

  test("simultaneous sign-ups with the same organization name both succeed, with distinct slugs", async () => {
    const results = await Promise.all(
      [1, 2, 3].map((i) => signUp({ name: "Ada Lovelace", email: uniqueEmail(`same-org-${i}`), password: TEST_PASSWORD, organizationName: "Same Name Ltd" })),
    );
    const slugs = results.map((r) => r.organization.slug);
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
    const refused = await signUp(input).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(Object.keys((refused as ValidationError).fields).sort()).toEqual([...fields].sort());
    expect(await prisma.user.count()).toBe(before);
  });

  test("an empty password gets one message, not one per rule", async () => {
    const refused = (await signUp({ name: "A", email: uniqueEmail(), password: "" }).catch((error: unknown) => error)) as ValidationError;
    expect(refused.fields.password).toEqual(["Enter a password."]);
  });
});
