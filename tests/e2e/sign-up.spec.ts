import { expect, freshClientHeaders, test } from "./support/fixtures";
import {
  createAccount,
  expectFieldError,
  expectFieldValid,
  newAccount,
  signUp,
  signUpForm,
  strongPassword,
  submitSignUp,
} from "./support/accounts";
import { expectDashboardShell } from "./support/dashboard";

test.describe("sign-up", () => {
  test("a new user lands on their keys, inside their own organization", async ({ page }) => {
    const account = newAccount("signup");
    await signUp(page, account);

    await expect(page).toHaveTitle("Keys · Keyward");
    await expect(page.getByRole("heading", { level: 1, name: "Keys" })).toBeVisible();
    await expectDashboardShell(page, { email: account.email, organizationName: "Ada Lovelace's organization", current: "Keys" });
  });

  test("the organization name typed at sign-up is the one the dashboard shows", async ({ page }) => {
    const account = newAccount("signup-org", { name: "Grace Hopper", organizationName: "  Analytical Engines Ltd  " });
    await signUp(page, account);

    await expectDashboardShell(page, { email: account.email, organizationName: "Analytical Engines Ltd", current: "Keys" });
  });

  test("submitting the empty form marks the required fields", async ({ page }) => {
    await page.goto("/sign-up");
    const form = signUpForm(page);
    await form.submit.click();

    await expect(form.alert).toHaveText("Check the highlighted fields.");
    await expectFieldError(form.name, "Enter your name.");
    await expectFieldError(form.email, "Enter your email address.");
    await expectFieldError(form.password, "Enter a password.");
    await expectFieldValid(form.organizationName);
    await expect(page).toHaveURL(/\/sign-up$/);
  });

  test("an invalid field's aria-describedby only names elements that exist", async ({ page }) => {
    await page.goto("/sign-up");
    const form = signUpForm(page);
    await form.submit.click();
    await expectFieldError(form.password, "Enter a password.");

    const ids = ((await form.password.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
    for (const id of ids) await expect(page.locator(`[id="${id}"]`), `#${id}`).toHaveCount(1, { timeout: 1_000 });
  });

  for (const { label, password, message } of [
    { label: "a common password", password: "password123", message: "That password is too common. Choose another." },
    { label: "a 5-character password", password: "k3y!w", message: "Use at least 10 characters." },
  ]) {
    test(`${label} is refused beside the field and the other fields keep what was typed`, async ({ page }) => {
      const account = newAccount("weak-password", { password, organizationName: "Difference Engines" });
      await page.goto("/sign-up");
      const form = signUpForm(page);
      await submitSignUp(page, account);

      await expectFieldError(form.password, message);
      await expect(form.name).toHaveValue(account.name);
      await expect(form.email).toHaveValue(account.email);
      await expect(form.organizationName).toHaveValue("Difference Engines");
      await expectFieldValid(form.name);
      await expectFieldValid(form.email);
      await expectFieldValid(form.organizationName);
      await expect(page).toHaveURL(/\/sign-up$/);

      // Fixing the password is enough: the account is created with what was kept.
      await form.password.fill(strongPassword());
      await form.submit.click();
      await expect(page).toHaveURL(/\/keys$/);
      await expectDashboardShell(page, { email: account.email, organizationName: "Difference Engines", current: "Keys" });
    });
  }

  test("a malformed email is refused beside the field", async ({ page }) => {
    const account = newAccount("bad-email", { email: "ada.lovelace-at-example.test" });
    await page.goto("/sign-up");
    const form = signUpForm(page);
    await submitSignUp(page, account);

    await expectFieldError(form.email, "Enter a valid email address.");
    await expect(form.email).toHaveValue("ada.lovelace-at-example.test");
    await expect(form.name).toHaveValue(account.name);
    await expectFieldValid(form.name);
    await expectFieldValid(form.password);
  });

  test("an email that already has an account is refused, whatever its case", async ({ browser, page }) => {
    const existing = await createAccount(browser, newAccount("taken"));

    // Someone else, in a browser that never signed in, tries the same email.
    await page.goto("/sign-up");
    const form = signUpForm(page);
    await submitSignUp(page, newAccount("taken", { name: "Someone Else", email: existing.email }));
    await expectFieldError(form.email, "We couldn't create an account with these details. If you already have an account, sign in instead.");
    await expect(form.email).toHaveValue(existing.email);
    await expect(page).toHaveURL(/\/sign-up$/);

    // Emails are compared case-insensitively.
    const shouted = existing.email.toUpperCase();
    const other = await browser.newContext({ extraHTTPHeaders: freshClientHeaders() });
    const otherPage = await other.newPage();
    await otherPage.goto("/sign-up");
    await submitSignUp(otherPage, newAccount("taken", { name: "Someone Else", email: shouted }));
    await expectFieldError(signUpForm(otherPage).email, "We couldn't create an account with these details. If you already have an account, sign in instead.");
    await other.close();
  });
});

test.describe("before the page's JavaScript runs", () => {
  test.use({ javaScriptEnabled: false });

  test("submitting sign-up does not put the password in the address", async ({ page }) => {
    const account = newAccount("no-js", { password: "Do-not-log-me-42" });
    await page.goto("/sign-up");
    await signUpForm(page).password.fill(account.password);
    await signUpForm(page).email.fill(account.email);
    await signUpForm(page).submit.click();
    await page.waitForLoadState();

    expect(new URL(page.url()).searchParams.has("password"), page.url()).toBe(false);
    expect(page.url()).not.toContain(account.password);
  });
});

