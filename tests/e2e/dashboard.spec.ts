import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { createAccount, newAccount, signIn, signInForm, signUp } from "./support/accounts";
import { DASHBOARD_PAGES, dashboardNav, expectDashboardShell, openPhoneMenu, signOut } from "./support/dashboard";
import { createKey } from "./support/keys";

/** tests/artifacts/<name>.png (git-ignored), for a human to look at. */
async function saveScreenshot(page: Page, testInfo: TestInfo, name: string) {
  await waitForImages(page);
  await page.screenshot({ path: path.resolve(testInfo.project.testDir, "..", "artifacts", `${name}.png`), fullPage: true });
}

/** Screenshots and measurements only make sense once the logo has loaded. */
async function waitForImages(page: Page) {
  await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete && image.naturalWidth > 0));
}

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, "page is not wider than the viewport").toBeLessThanOrEqual(clientWidth);
}

test.describe("dashboard", () => {
  test("every section opens from the navigation and by address, unbuilt ones say so, and the navigation marks where you are", async ({ browser, page }) => {
    const account = await createAccount(browser, newAccount("sections", { organizationName: "Babbage & Co" }));
    await signIn(page, account);

    for (const section of DASHBOARD_PAGES) {
      // Through the navigation, as a user gets there.
      await dashboardNav(page).getByRole("link", { name: section.link, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${section.path}$`));
      await expect(page).toHaveTitle(`${section.heading} · Keyward`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(section.heading);
      await expect(page.getByRole("main").getByText("Not built yet.", { exact: true })).toHaveCount(section.built ? 0 : 1);
      await expectDashboardShell(page, { email: account.email, organizationName: "Babbage & Co", current: section.link });

      // And by address, as a bookmark gets there.
      await page.goto(section.path);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(section.heading);
      await expect(page.getByRole("main").getByText("Not built yet.", { exact: true })).toHaveCount(section.built ? 0 : 1);
    }
  });

  test("an unknown address shows the not-found page with a way back", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to your keys" })).toHaveAttribute("href", "/keys");
  });
});

test.describe("layout", () => {
  test("desktop (1280 px): sign-in page and the shell", async ({ browser, page }, testInfo) => {
    const account = await createAccount(browser, newAccount("desktop", { name: "Charles Babbage" }));
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.goto("/sign-in");
    await expect(signInForm(page).heading).toBeVisible();
    await expect(signInForm(page).submit).toBeInViewport();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "sign-in-1280");

    await signIn(page, account);
    await expectDashboardShell(page, { email: account.email, organizationName: "Charles Babbage's organization", current: "Keys" });
    for (const { link } of DASHBOARD_PAGES) {
      await expect(dashboardNav(page).getByRole("link", { name: link, exact: true })).toBeInViewport({ ratio: 1 });
    }
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "keys-1280");
  });

  test("phone (390 px): one top bar, and a menu with the navigation and sign-out", async ({ browser, page }, testInfo) => {
    // A long email and organization name are the worst case for a narrow header.
    const account = await createAccount(
      browser,
      newAccount("phone-with-a-rather-long-address", { organizationName: "The Analytical Engine Preservation Society" }),
    );
    await page.setViewportSize({ width: 390, height: 844 });

    await page.goto("/sign-in");
    const form = signInForm(page);
    await expect(form.heading).toBeVisible();
    for (const control of [form.email, form.password, form.submit]) await expect(control).toBeInViewport({ ratio: 1 });
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "sign-in-390");

    await signIn(page, account);
    // One bar above the content: the page's heading starts within 80 px of the top (it was 157 px under three bars).
    const heading = await page.getByRole("heading", { level: 1, name: "Keys" }).boundingBox();
    expect(heading!.y).toBeLessThan(80);
    await expect(page.getByTestId("organization-name")).toBeInViewport();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "keys-390");

    await expectDashboardShell(page, {
      email: account.email,
      organizationName: "The Analytical Engine Preservation Society",
      current: "Keys",
    });
    // Fully on screen in the open menu.
    for (const { link } of DASHBOARD_PAGES) {
      await expect(dashboardNav(page).getByRole("link", { name: link, exact: true })).toBeInViewport({ ratio: 1 });
    }
    await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport({ ratio: 1 });
    await saveScreenshot(page, testInfo, "keys-390-menu");

    // The navigation works at this width, and the menu closes behind it.
    await dashboardNav(page).getByRole("link", { name: "Audit log", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await expect(dashboardNav(page)).toBeHidden();

    await signOut(page);
  });

  // Layout at 390 px: long names must not push the shell's fixed parts around.
  test("phone (390 px): a long organization name does not run into the Keyward logo", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signUp(page, newAccount("phone-overlap", { organizationName: "The Analytical Engine Preservation Society" }));

    await waitForImages(page);
    const brand = page.getByRole("link", { name: "Keyward" });
    const logo = await brand.locator("img").boundingBox();
    const organization = await page.getByTestId("organization-name").boundingBox();
    const menu = await page.getByRole("button", { name: "Menu", exact: true }).boundingBox();
    expect(logo && organization && menu).toBeTruthy();
    expect(logo!.width, "logo keeps its 28 px").toBeCloseTo(28, 0);
    expect(organization!.x, "organization name starts right of the logo").toBeGreaterThanOrEqual(logo!.x + logo!.width);
    expect(organization!.x + organization!.width, "and ends before the menu button").toBeLessThanOrEqual(menu!.x);
  });

  test("phone (390 px): a long email does not squeeze the Sign out button onto two lines", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signUp(page, newAccount("phone-with-a-rather-long-address"));

    await openPhoneMenu(page);
    const button = page.getByRole("button", { name: "Sign out" });
    const lineHeight = await button.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight));
    const textHeight = await button.evaluate((element) => {
      const style = getComputedStyle(element);
      return element.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    });
    expect(textHeight, "text height of the Sign out button").toBeLessThan(lineHeight * 1.5);
  });
});

test.describe("audit log", () => {
  test("an edit names the key and shows the change before → after; saving with no change adds no row", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signUp(page, newAccount("audit-details"));
    await createKey(page, { name: "old", access: "Read only" });
    await page.getByRole("link", { name: "I have saved it — view the key" }).click();
    await expect(page).toHaveURL(/\/keys\/[0-9a-f-]{36}$/);
    const keyPage = page.url();

    const edit = page.getByRole("form", { name: "Rename key" });
    await page.getByText("Rename or change purpose").click();
    await edit.getByLabel("Name", { exact: true }).fill("new");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "new" })).toBeVisible();
    const limits = page.getByRole("form", { name: "Rate limit" });
    await limits.getByLabel("Plan", { exact: true }).selectOption("PRO");
    await limits.getByRole("button", { name: "Save rate limit" }).click();
    await expect(limits.getByText(/Rate limit saved/)).toBeVisible();

    // The same two forms saved again, unchanged.
    await page.goto(keyPage);
    await page.getByText("Rename or change purpose").click();
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit).toBeHidden(); // a save closes the rename form
    await limits.getByRole("button", { name: "Save rate limit" }).click();
    await expect(limits.getByText(/Rate limit saved/)).toBeVisible();

    await page.goto("/audit-log");
    const log = page.getByRole("table", { name: "Audit events, newest first" });
    const edited = log.getByRole("row").filter({ hasText: "Edited key" });
    await expect(edited).toHaveCount(1);
    await expect(edited).toContainText('name "old" → "new"');
    // The target is the key's name with its hint once (it used to show the hint twice and no name).
    const target = edited.getByRole("cell").nth(3);
    await expect(target.getByRole("link")).toHaveText(/^new\s*kw_test_\w+…\w{4}$/);
    const limited = log.getByRole("row").filter({ hasText: "Changed rate limit" });
    await expect(limited).toHaveCount(1);
    await expect(limited).toContainText("plan Standard (1,000 requests per hour) → Pro (10,000 requests per hour)");
    await expect(limited.getByRole("cell").first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    await saveScreenshot(page, testInfo, "audit-log-1280");
  });
});
