import { describe, expect, test } from "vitest";
import { authenticateWithPassword } from "@/lib/auth/authenticate";
import { unknownUserHash } from "@/lib/auth/password";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-throttle";
import { prisma } from "@/lib/db/prisma";
import { createUserWithOrganization, TEST_PASSWORD, uniqueEmail } from "../support/factories";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();

let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;

describe("authenticateWithPassword", () => {
  test("accepts the right password, in any email case", async () => {
    const { user } = await createUserWithOrganization();
    const result = await authenticateWithPassword({ email: user.email.toUpperCase(), password: TEST_PASSWORD, ip: freshIp() });
    expect(result).toEqual({ ok: true, user: { id: user.id, email: user.email, name: user.name } });
  });

  test("a wrong password and an unknown email get the same answer", async () => {
    const { user } = await createUserWithOrganization();
    const wrongPassword = await authenticateWithPassword({ email: user.email, password: "not the password", ip: freshIp() });
    const unknownEmail = await authenticateWithPassword({ email: uniqueEmail("ghost"), password: TEST_PASSWORD, ip: freshIp() });
    expect(wrongPassword).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  test("an unknown email is checked against a hash of the same cost as a new account's, so it takes as long", async () => {
    const { user } = await createUserWithOrganization();
    const { passwordHash } = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const costOf = (hash: string) => hash.split("$")[2];
    expect(costOf(unknownUserHash())).toBe(costOf(passwordHash));
    expect(unknownUserHash(12)).toBe("$2b$12$92hFmG/ONOD6Z3fuJmGG8e7mnQM9AYLCDBBVTCZkkP0MVOXJ3rWJi");
  });

  test("malformed input is an ordinary failure, not an error", async () => {
    expect(await authenticateWithPassword({ email: 42, password: undefined })).toEqual({ ok: false, reason: "invalid_credentials" });
  });

  test(`after ${SIGN_IN_LIMITS.email} failures an email is refused even with the right password, until the window ends`, async () => {
    const { user } = await createUserWithOrganization();
    for (let i = 0; i < SIGN_IN_LIMITS.email; i++) {
      // A different IP each time: the email limit alone must hold.
      expect(await authenticateWithPassword({ email: user.email, password: "wrong", ip: freshIp() })).toMatchObject({ reason: "invalid_credentials" });
    }
    const blocked = await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD, ip: freshIp() });
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    if (blocked.ok || blocked.reason !== "throttled") return;
    expect(blocked.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);

    // Fifteen minutes later (moved back in the database), the right password works again.
    await prisma.signInThrottle.update({
      where: { key: `email:${user.email}` },
      data: { windowStart: new Date(Date.now() - 16 * 60_000), blockedUntil: new Date(Date.now() - 60_000) },
    });
    expect(await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
  });

  test("fewer failures than the limit do not block, and a success forgets them", async () => {
    const { user } = await createUserWithOrganization();
    for (let i = 0; i < SIGN_IN_LIMITS.email - 1; i++) await authenticateWithPassword({ email: user.email, password: "wrong", ip: freshIp() });
    expect(await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
    expect(await prisma.signInThrottle.findUnique({ where: { key: `email:${user.email}` } })).toBeNull();
  });

  test(`one IP that fails ${SIGN_IN_LIMITS.ip} times across many emails is refused`, async () => {
    const ip = freshIp();
    const { user } = await createUserWithOrganization();
    for (let i = 0; i < SIGN_IN_LIMITS.ip; i++) await authenticateWithPassword({ email: uniqueEmail("spray"), password: "wrong", ip });
    expect(await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD, ip })).toMatchObject({ reason: "throttled" });
    // The same account from another address is fine.
    expect(await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
  });

  test("a concurrent burst of wrong guesses cannot get past the limit, and the right password is then refused", async () => {
    const { user } = await createUserWithOrganization();
    const burst = await Promise.allSettled(
      Array.from({ length: 25 }, () => authenticateWithPassword({ email: user.email, password: "wrong", ip: freshIp() })),
    );
    // At most the limit reached the password check. The rest were refused before it: throttled,
    // or (when the password workers' queue was full) refused as busy, having used up an attempt.
    const checked = burst.filter((r) => r.status === "fulfilled" && !r.value.ok && r.value.reason === "invalid_credentials");
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.length).toBeLessThanOrEqual(SIGN_IN_LIMITS.email);
    expect(await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD, ip: freshIp() })).toMatchObject({ reason: "throttled" });
  });

  test("successful sign-ins do not use up an office's shared IP allowance", async () => {
    const ip = freshIp();
    const { user } = await createUserWithOrganization();
    // The office's address is one attempt short of its limit (others failed today)…
    await prisma.signInThrottle.create({ data: { key: `ip:${ip}`, failures: SIGN_IN_LIMITS.ip - 1, windowStart: new Date() } });
    // …and people keep signing in from it: each success gives its attempt back.
    for (let i = 0; i < 4; i++) expect(await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD, ip })).toMatchObject({ ok: true });
  });

  test("concurrent attempts are all counted (even those refused as busy)", async () => {
    const email = uniqueEmail("burst");
    await Promise.allSettled(Array.from({ length: 12 }, () => authenticateWithPassword({ email, password: "wrong", ip: freshIp() })));
    const row = await prisma.signInThrottle.findUniqueOrThrow({ where: { key: `email:${email}` } });
    expect(row.failures).toBe(12);
    expect(row.blockedUntil).not.toBeNull();
  });
});
