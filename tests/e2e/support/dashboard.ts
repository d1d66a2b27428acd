// What every signed-in dashboard page shares: the shell around the page.
import { expect, type Page } from "@playwright/test";

/** The sections an owner sees (members do not get Review), and whether each is built yet. */
export const DASHBOARD_PAGES = [
  { path: "/keys", link: "Keys", heading: "Keys", built: true },
  { path: "/review", link: "Review", heading: "Review keys", built: true },
  { path: "/usage", link: "Usage", heading: "Usage", built: true },
  { path: "/audit-log", link: "Audit log", heading: "Audit log", built: true },
  { path: "/webhooks", link: "Webhooks", heading: "Webhooks", built: true },
  { path: "/settings", link: "Settings", heading: "Settings", built: true },
  // Owners only: the shell is checked as the owner who signed up.
  { path: "/system", link: "System", heading: "System", built: true },
] as const;

export type DashboardLink = (typeof DASHBOARD_PAGES)[number]["link"];

export function dashboardNav(page: Page) {
  return page.getByRole("navigation", { name: "Dashboard" });
}

/**
 * The shell shows the organization, the user's email, a sign-out button and
 * the section links, with the current one marked as the current page.
 */
export async function expectDashboardShell(page: Page, expected: { email: string; organizationName: string; current: DashboardLink }) {
  await expect(page.getByTestId("organization-name")).toHaveText(expected.organizationName);
  await openPhoneMenu(page);
  await expect(page.getByRole("banner").getByText(expected.email, { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  const nav = dashboardNav(page);
  await expect(nav.getByRole("link")).toHaveText(DASHBOARD_PAGES.map((p) => p.link));
  for (const { link, path } of DASHBOARD_PAGES) {
    const item = nav.getByRole("link", { name: link, exact: true });
    await expect(item).toBeVisible();
    await expect(item).toHaveAttribute("href", path);
    if (link === expected.current) await expect(item).toHaveAttribute("aria-current", "page");
    else await expect(item).not.toHaveAttribute("aria-current");
  }
}

/** On a phone the sections, the user and sign-out are behind "Menu" (a popover); elsewhere they are always shown. */
export async function openPhoneMenu(page: Page) {
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  if ((await menu.isVisible()) && !(await page.locator("#dashboard-menu").evaluate((element) => element.matches(":popover-open")))) await menu.click();
}

/** Clicks "Sign out" and waits for the sign-in page. */
export async function signOut(page: Page) {
  await openPhoneMenu(page);
  const button = page.getByRole("button", { name: "Sign out" });
  await button.click();
  await expect(page).toHaveURL(/\/sign-in$/);
}
