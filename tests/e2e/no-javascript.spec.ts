// The flows that work before the page's JavaScript loads, or without it
// (run by the "no-javascript" project, javaScriptEnabled: false): every form
// is a <form action> whose server action Next also answers as a plain post.
import { newAccount, signInForm, signUpForm, submitSignUp } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { createKey } from "./support/keys";

test("sign up, sign out, a wrong password refused with the email kept, then sign in", async ({ page }) => {
  const account = newAccount("nojs-account");
  await page.goto("/sign-up");
  await submitSignUp(page, { ...account, password: "" });
  const signUp = signUpForm(page);
  await expect(signUp.password).toHaveAccessibleDescription("Enter a password.");
  await expect(signUp.email).toHaveValue(account.email); // what was typed is kept
  await submitSignUp(page, account);
  await expect(page).toHaveURL(/\/keys$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/keys");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fkeys$/); // the session really ended

  const form = signInForm(page);
  await form.email.fill(account.email);
  await form.password.fill("not the password");
  await form.submit.click();
  await expect(form.alert).toHaveText("Incorrect email or password.");
  await expect(form.email).toHaveValue(account.email);
  await expect(form.password).toHaveValue("");

  await form.password.fill(account.password);
  await form.submit.click();
  await expect(page).toHaveURL(/\/keys$/);
});

test("create a key and see its secret once, rename it, then revoke it", async ({ page, request }) => {
  await page.goto("/sign-up");
  await submitSignUp(page, newAccount("nojs-keys"));
  await expect(page).toHaveURL(/\/keys$/);

  // A refused form comes back with the reason and everything typed.
  await page.goto("/keys/new");
  await page.getByLabel("Purpose").fill("nightly export");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Purpose")).toHaveValue("nightly export");

  const secret = await createKey(page, { name: "no-js", access: "Read only" });
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);

  await page.getByRole("link", { name: "I have saved it — view the key" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "no-js" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText(secret);

  await page.getByText("Rename or change purpose").click();
  const rename = page.getByRole("form", { name: "Rename key" });
  await rename.getByLabel("Name").fill("no-js-renamed");
  await rename.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "no-js-renamed" })).toBeVisible();

  await page.getByRole("button", { name: "Revoke", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke “no-js-renamed”?" });
  await dialog.getByRole("button", { name: "Revoke no-js-renamed" }).click();
  await expect(page.getByText("Revoked", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Revoke", exact: true })).toHaveCount(0);
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(401);
});

test("add a webhook endpoint and see its secret once; a refused URL comes back with what was typed", async ({ page }) => {
  await page.goto("/sign-up");
  await submitSignUp(page, newAccount("nojs-webhooks"));
  await expect(page).toHaveURL(/\/keys$/);
  await page.goto("/webhooks");
  await page.getByLabel("URL").fill("ftp://127.0.0.1/hooks");
  await page.getByLabel("Description").fill("ops");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Description")).toHaveValue("ops");

  await page.getByLabel("URL").fill("http://127.0.0.1:9/hooks");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByRole("heading", { name: "Your endpoint is ready" })).toBeVisible();
  const secret = await page.getByLabel("Signing secret").inputValue();
  expect(secret).toMatch(/^whsec_/);
  await page.getByRole("link", { name: "I have saved it — view the endpoint" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "http://127.0.0.1:9/hooks" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText(secret);
});
