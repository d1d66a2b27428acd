// The Content-Security-Policy from a browser's point of view (issue 9): every
// page hydrates and works under it, and the browser reports no violation.
import { newAccount, signUp } from "./support/accounts";
import { DASHBOARD_PAGES } from "./support/dashboard";
import { expect, test } from "./support/fixtures";
import { watchViolations } from "./support/csp";
import { waitForHydration } from "./support/hydration";

test("every page hydrates under the CSP, with no violation reported", async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto("/sign-in");
  expect((await page.request.get("/sign-in")).headers()["content-security-policy"]).toContain("'strict-dynamic'");
  await signUp(page, newAccount("csp")); // the sign-up form only works once hydrated: JavaScript ran under the policy
  for (const { path } of DASHBOARD_PAGES) {
    await page.goto(path);
    await waitForHydration(page.getByRole("button", { name: "Sign out" }));
    expect(await violations(), path).toEqual([]);
  }
  await page.goto("/keys/new");
  await waitForHydration(page.getByRole("button", { name: /Create key/ }));
  expect(await violations()).toEqual([]);
});
