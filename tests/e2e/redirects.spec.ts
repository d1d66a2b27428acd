import { expect, test } from "./support/fixtures";
import type { Page } from "@playwright/test";
import { createAccount, newAccount, signIn, signInForm, signUp, signUpForm, submitSignIn, submitSignUp } from "./support/accounts";
import { dashboardNav, signOut } from "./support/dashboard";

test.describe("redirects around sign-in", () => {
  test("a signed-out visitor is sent to sign-in and brought back to the page they asked for", async ({ browser, page }) => {
    const account = await createAccount(browser, newAccount("callback"));

    await page.goto("/settings");
    await expect(page).toHaveURL("/sign-in?callbackUrl=%2Fsettings");
    await expect(signInForm(page).heading).toBeVisible();

    await submitSignIn(page, account.email, account.password);
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(dashboardNav(page).getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
  });

  test("the way back survives a detour through sign-up", async ({ page }) => {
    await page.goto("/usage");
    await expect(page).toHaveURL("/sign-in?callbackUrl=%2Fusage");

    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page).toHaveURL("/sign-up?callbackUrl=%2Fusage");
    await expect(signUpForm(page).heading).toBeVisible();
    await submitSignUp(page, newAccount("detour"));

    await expect(page).toHaveURL(/\/usage$/);
    await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  });

  test("the home page leads to the keys, through sign-in when signed out", async ({ browser, page }) => {
    const account = await createAccount(browser, newAccount("home"));

    await page.goto("/");
    await expect(page).toHaveURL("/sign-in?callbackUrl=%2Fkeys");
    await submitSignIn(page, account.email, account.password);
    await expect(page).toHaveURL(/\/keys$/);

    await page.goto("/");
    await expect(page).toHaveURL(/\/keys$/);
    await expect(page.getByRole("heading", { level: 1, name: "Keys" })).toBeVisible();
  });

  test("a signed-in user opening sign-in or sign-up goes straight to the dashboard", async ({ page }) => {
    await signUp(page, newAccount("already"));

    await page.goto("/sign-in?callbackUrl=%2Faudit-log");
    await expect(page).toHaveURL(/\/audit-log$/);
    await page.goto("/sign-up");
    await expect(page).toHaveURL(/\/keys$/);
  });
});

// Only same-site paths are followed after sign-in; anything else ends on /keys.
test.describe("callbackUrl cannot send the user off-site", () => {
  const OFF_SITE = [
    { callbackUrl: "https://evil.example/" },
    { callbackUrl: "//evil.example/" },
    { callbackUrl: "/\\evil.example/" },
    // Browsers drop tabs and newlines from URLs, so "/<tab>/evil.example/"
    // would become "//evil.example/" if the check looked at the raw string.
    { callbackUrl: "/\t/evil.example/" },
    { callbackUrl: "/\n/evil.example/" },
  ];
  /**
   * Records every request to the attacker's host, and aborts those it can
   * (a route does not see the hops of a server redirect, so recording uses the
   * request event; .example names never resolve anyway, RFC 2606).
   */
  async function watchOffSite(page: Page) {
    const requested: string[] = [];
    const isOffSite = (url: URL) => url.hostname === "evil.example";
    page.context().on("request", (request) => {
      if (!isOffSite(new URL(request.url()))) return;
      requested.push(request.url());
    });
    await page.context().route(isOffSite, (route) => route.abort());
    return { requested };
  }

  for (const { callbackUrl } of OFF_SITE) {
    const label = JSON.stringify(callbackUrl);

    test(`signing in with callbackUrl ${label} ends on /keys`, async ({ browser, page, baseURL }) => {
      const keys = new URL("/keys", baseURL).href;
      const account = await createAccount(browser, newAccount("offsite"));
      const offSite = await watchOffSite(page);

      await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await submitSignIn(page, account.email, account.password);

      // The browser now navigates by itself: to /keys, or (the bug) off-site.
      await expect.poll(() => offSite.requested.length > 0 || page.url() === keys, { message: "navigated on" }).toBe(true);
      expect(offSite.requested, "requests to evil.example").toEqual([]);
      await expect(page).toHaveURL(keys);
      await expect(page.getByRole("heading", { level: 1, name: "Keys" })).toBeVisible();
    });

    test(`already signed in, sign-in with callbackUrl ${label} redirects to /keys`, async ({ page, baseURL }) => {
      const keys = new URL("/keys", baseURL).href;
      await signUp(page, newAccount("offsite-signed-in"));
      const offSite = await watchOffSite(page);

      // The server redirects before the page loads; an aborted off-site hop makes goto fail.
      const response = await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`).catch(() => null);
      expect(offSite.requested, "requests to evil.example").toEqual([]);
      expect(response?.status(), "status of the page the redirect ends on").toBe(200);
      expect(page.url()).toBe(keys);
    });
  }
});

test.describe("sign-out", () => {
  test("returns to sign-in, and the dashboard needs signing in again", async ({ browser, page }) => {
    const account = await createAccount(browser, newAccount("signout"));
    await signIn(page, account);

    await signOut(page);
    await expect(signInForm(page).heading).toBeVisible();

    await page.goto("/keys");
    await expect(page).toHaveURL("/sign-in?callbackUrl=%2Fkeys");
    await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);

    await page.goto("/settings");
    await expect(page).toHaveURL("/sign-in?callbackUrl=%2Fsettings");
  });
});
