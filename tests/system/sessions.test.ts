// Sessions end on the server (issue 9): a session cookie copied before
// sign-out, before a password change elsewhere, or before its person was
// removed from every organization no longer signs anyone in, although its
// signature and expiry are still valid. Real cookies, against the production build.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { changePassword } from "@/lib/auth/change-password";
import { getPrisma } from "@/lib/db/prisma";
import { removeMember } from "@/lib/organizations/manage";
import { startAppServer, type AppServer } from "../support/app-server";
import { addMember, createUserWithOrganization, TEST_PASSWORD } from "../support/factories";
import { signInOverHttp } from "../support/http-session";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();
let server: AppServer;

beforeAll(async () => {
  server = await startAppServer({ databaseUrl: db.url });
}, 120_000);
afterAll(() => server?.stop());

type Browser = { cookie: string };

async function signIn(email: string, password = TEST_PASSWORD): Promise<Browser> {
  return { cookie: await signInOverHttp(server.url, email, password) };
}

async function signOut(browser: Browser) {
  const csrf = await fetch(`${server.url}/api/auth/csrf`, { headers: { cookie: browser.cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  await fetch(`${server.url}/api/auth/signout`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: browser.cookie },
    body: new URLSearchParams({ csrfToken, json: "true" }),
    redirect: "manual",
  });
}

/** What the cookie gets: the dashboard (200) or a redirect to sign-in, and the session's user. */
async function whatTheCookieGets(browser: Browser) {
  const page = await fetch(`${server.url}/keys`, { headers: { cookie: browser.cookie }, redirect: "manual" });
  const session = (await (await fetch(`${server.url}/api/auth/session`, { headers: { cookie: browser.cookie } })).json()) as { user?: { email: string } };
  return { keys: page.status === 200 ? "dashboard" : (page.headers.get("location") ?? String(page.status)), user: session.user?.email ?? null };
}

const signedOut = { keys: expect.stringContaining("/sign-in"), user: null };

describe("a signed-in visit to /sign-in", () => {
  test("is sent on at once, but only to this origin's dashboard", async () => {
    const { user } = await createUserWithOrganization();
    const browser = await signIn(user.email);
    for (const [callbackUrl, expected] of [
      ["/.//evil.example", "/keys"],
      ["/..//evil.example", "/keys"],
      ["/%2e%2e//evil.example", "/keys"],
      ["https://evil.example/", "/keys"],
      ["/settings", "/settings"],
    ]) {
      const response = await fetch(`${server.url}/sign-in?callbackUrl=${encodeURIComponent(callbackUrl!)}`, { headers: { cookie: browser.cookie }, redirect: "manual" });
      expect(response.status, callbackUrl).toBe(307);
      const location = new URL(response.headers.get("location")!, server.url);
      expect(location.origin, callbackUrl).toBe(server.url);
      expect(location.pathname, callbackUrl).toBe(expected);
    }
  });
});

describe("server-side sessions", () => {
  test("a cookie copied before sign-out no longer works after it", async () => {
    const { user } = await createUserWithOrganization();
    const browser = await signIn(user.email);
    const copy = { ...browser };
    expect(await whatTheCookieGets(copy)).toEqual({ keys: "dashboard", user: user.email });
    await signOut(browser);
    expect(await whatTheCookieGets(copy)).toEqual(signedOut);
    // Signing in again makes a new, working session.
    expect(await whatTheCookieGets(await signIn(user.email))).toEqual({ keys: "dashboard", user: user.email });
  });

  test("a password change ends the person's other sessions, not the one that changed it", async () => {
    const { user } = await createUserWithOrganization();
    const laptop = await signIn(user.email);
    const phone = await signIn(user.email);
    const laptopSession = await getPrisma().session.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    await changePassword({ id: user.id, email: user.email, sessionId: laptopSession.id }, { currentPassword: TEST_PASSWORD, newPassword: "a new and longer passphrase" });
    expect(await whatTheCookieGets(phone)).toEqual(signedOut);
    expect(await whatTheCookieGets(laptop)).toEqual({ keys: "dashboard", user: user.email });
  });

  test("removal from the last organization ends every session of that person; removal from one of two does not", async () => {
    const { user: owner, organization } = await createUserWithOrganization();
    const member = await addMember(organization.id, "MEMBER");
    await getPrisma().user.update({ where: { id: member.id }, data: { passwordHash: (await getPrisma().user.findUniqueOrThrow({ where: { id: owner.id } })).passwordHash } });
    const { organization: second } = await createUserWithOrganization();
    await getPrisma().membership.create({ data: { organizationId: second.id, userId: member.id, role: "MEMBER" } });
    const browser = await signIn(member.email);

    const asOwner = { organizationId: organization.id, userId: owner.id, email: owner.email, ip: null };
    await removeMember(asOwner, member.id);
    expect((await whatTheCookieGets(browser)).user).toBe(member.email); // still in the second organization

    const secondOwner = await getPrisma().membership.findFirstOrThrow({ where: { organizationId: second.id, role: "OWNER" }, include: { user: true } });
    await removeMember({ organizationId: second.id, userId: secondOwner.userId, email: secondOwner.user.email, ip: null }, member.id);
    expect(await whatTheCookieGets(browser)).toEqual(signedOut);
  });
});
