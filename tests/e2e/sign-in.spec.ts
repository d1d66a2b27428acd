import { expect, test } from "./support/fixtures";
import { createAccount, newAccount, signInForm, submitSignIn, uniqueEmail } from "./support/accounts";
import { expectDashboardShell } from "./support/dashboard";

const INCORRECT = "Incorrect email or password.";
const THROTTLED = "Too many failed sign-ins. Wait 15 minutes, then try again.";

test.describe("sign-in", () => {
  test("the right email and password land on the keys page", async ({ browser, page }) => {
    const account = await createAccount(browser, newAccount("signin"));

    await page.goto("/sign-in");
    await submitSignIn(page, account.email, account.password);

    await expect(page).toHaveURL(/\/keys$/);
    await expect(page.getByRole("heading", { level: 1, name: "Keys" })).toBeVisible();
    await expectDashboardShell(page, { email: account.email, organizationName: "Ada Lovelace's organization", current: "Keys" });
  });

  test("the email is matched whatever its case and surrounding spaces", async ({ browser, page }) => {
    const account = await createAccount(browser, newAccount("signin-case"));

    await page.goto("/sign-in");
    await submitSignIn(page, `  ${account.email.toUpperCase()} `, account.password);

    await expect(page).toHaveURL(/\/keys$/);
    await expect(page.getByText(account.email, { exact: true })).toBeVisible();
  });

  test("a wrong password and an unknown email get the same message, and the email stays typed", async ({ browser, page }) => {
    const account = await createAccount(browser, newAccount("signin-wrong"));
    const form = signInForm(page);
    await page.goto("/sign-in");

    await submitSignIn(page, account.email, `${account.password}-nope`);
    await expect(form.alert).toHaveText(INCORRECT);
    await expect(form.email).toHaveValue(account.email);
    await expect(page).toHaveURL(/\/sign-in$/);

    const stranger = uniqueEmail("nobody");
    await submitSignIn(page, stranger, account.password);
    await expect(form.alert).toHaveText(INCORRECT);
    await expect(form.email).toHaveValue(stranger);
    await expect(page).toHaveURL(/\/sign-in$/);
    // Only one message at a time.
    await expect(form.alert).toHaveCount(1);
  });

  test("after 10 wrong passwords even the right one is refused for a while", async ({ browser, page }) => {
    test.setTimeout(90_000);
    // A fresh account (and, via the fixture, a fresh client IP): nothing else is locked out.
    const account = await createAccount(browser, newAccount("throttle"));
    const form = signInForm(page);
    await page.goto("/sign-in");

    for (let attempt = 1; attempt <= 10; attempt++) {
      await submitSignIn(page, account.email, `wrong-password-${attempt}`);
      await expect(form.alert, `attempt ${attempt}`).toHaveText(INCORRECT);
    }

    await submitSignIn(page, account.email, account.password);
    await expect(form.alert).toHaveText(THROTTLED);
    await expect(form.email).toHaveValue(account.email);
    await expect(page).toHaveURL(/\/sign-in$/);

    // A reload does not lift the block either.
    await page.reload();
    await submitSignIn(page, account.email, account.password);
    await expect(form.alert).toHaveText(THROTTLED);
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});

test.describe("before the page's JavaScript runs", () => {
  // What a user gets who submits before hydration (slow network) or whose
  // browser did not run the app's scripts.
  test.use({ javaScriptEnabled: false });

  test("submitting sign-in does not put the password in the address", async ({ page }) => {
    const password = "Do-not-log-me-42";
    await page.goto("/sign-in");
    const form = signInForm(page);
    await form.email.fill(uniqueEmail("no-js"));
    await form.password.fill(password);
    await form.submit.click();
    await page.waitForLoadState();

    expect(new URL(page.url()).searchParams.has("password"), page.url()).toBe(false);
    expect(page.url()).not.toContain(password);
  });
});

