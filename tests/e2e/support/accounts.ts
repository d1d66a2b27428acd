// Test accounts and the sign-up / sign-in forms, driven the way a user drives
// them: controls found by their role and visible label.
import { randomBytes } from "node:crypto";
import { expect, type Browser, type Locator, type Page } from "@playwright/test";
import { freshClientHeaders } from "./fixtures";

export type Account = {
  name: string;
  email: string;
  password: string;
  /** Typed into "Organization name" at sign-up; empty means the default name. */
  organizationName: string;
};

/** An email no other test (and no earlier run against the same database) uses. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${randomBytes(4).toString("hex")}@example.test`;
}

/** A password that satisfies every sign-up rule. */
export function strongPassword(): string {
  return `Tangerine-orbit-${randomBytes(4).toString("hex")}`;
}

export function newAccount(label: string, overrides: Partial<Account> = {}): Account {
  return { name: "Ada Lovelace", email: uniqueEmail(label), password: strongPassword(), organizationName: "", ...overrides };
}

export function signUpForm(page: Page) {
  return {
    heading: page.getByRole("heading", { name: "Create your account", exact: true }),
    name: page.getByLabel("Name", { exact: true }),
    email: page.getByLabel("Email", { exact: true }),
    password: page.getByLabel("Password", { exact: true }),
    organizationName: page.getByLabel("Organization name", { exact: true }),
    submit: page.getByRole("button", { name: "Create account", exact: true }),
    /** The form-level alert (scoped to <main>: Next.js's route announcer is an alert too). */
    alert: page.getByRole("main").getByRole("alert"),
  };
}

export function signInForm(page: Page) {
  return {
    heading: page.getByRole("heading", { name: "Sign in", exact: true }),
    email: page.getByLabel("Email", { exact: true }),
    password: page.getByLabel("Password", { exact: true }),
    submit: page.getByRole("button", { name: "Sign in", exact: true }),
    alert: page.getByRole("main").getByRole("alert"),
  };
}

/**
 * Waits until the form has applied its previous submission's answer. The
 * answer can arrive before React applies it, and applying it resets the form:
 * typing before that lost the password to the reset on a busy machine, and the
 * emptied attempt was refused without being counted (a throttle test then
 * signed in). Until then the submit button is named "Signing in…" or
 * "Creating account…", so the exact "Sign in" / "Create account" is not enabled.
 */
async function untilAnswerApplied(submit: Locator) {
  await expect(submit).toBeEnabled();
}

/** Fills in the sign-up form (on the current page) and submits it. */
export async function submitSignUp(page: Page, account: Partial<Account>) {
  const form = signUpForm(page);
  await expect(form.heading).toBeVisible();
  await untilAnswerApplied(form.submit);
  await form.name.fill(account.name ?? "");
  await form.email.fill(account.email ?? "");
  await form.password.fill(account.password ?? "");
  await form.organizationName.fill(account.organizationName ?? "");
  await form.submit.click();
}

/** Signs up through /sign-up and waits until the new user is on the dashboard. */
export async function signUp(page: Page, account: Account) {
  await page.goto("/sign-up");
  await submitSignUp(page, account);
  await expect(page).toHaveURL(/\/keys$/);
}

/**
 * Creates an account in a separate browser context, so the test's own page
 * stays signed out.
 */
export async function createAccount(browser: Browser, account: Account): Promise<Account> {
  const context = await browser.newContext({ extraHTTPHeaders: freshClientHeaders() });
  try {
    await signUp(await context.newPage(), account);
  } finally {
    await context.close();
  }
  return account;
}

/**
 * Fills in the sign-in form (on the current page), submits it and waits for
 * the server's answer. On success the browser then navigates on by itself.
 */
export async function submitSignIn(page: Page, email: string, password: string) {
  const form = signInForm(page);
  await expect(form.heading).toBeVisible();
  await untilAnswerApplied(form.submit);
  await form.email.fill(email);
  await form.password.fill(password);
  const answered = page.waitForResponse(
    // The sign-in form's server action: posted to the page itself, with or without JavaScript.
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/sign-in",
  );
  await form.submit.click();
  await answered;
}

/** Signs in through /sign-in and waits for the dashboard. */
export async function signIn(page: Page, account: Account) {
  await page.goto("/sign-in");
  await submitSignIn(page, account.email, account.password);
  await expect(page).toHaveURL(/\/keys$/);
}

/**
 * Asserts what a user (sighted or not) gets for an invalid field: the input is
 * marked invalid, the message is its accessible description, and the message
 * is shown right under the input.
 */
export async function expectFieldError(field: Locator, message: string | RegExp) {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(message);

  // The message element is one of those aria-describedby names.
  const ids = ((await field.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
  expect(ids.length, "the input has aria-describedby").toBeGreaterThan(0);
  const messageElement = field
    .page()
    .locator(ids.map((id) => `[id="${id}"]`).join(", "))
    .filter({ hasText: message });
  await expect(messageElement).toBeVisible();

  const input = await field.boundingBox();
  const text = await messageElement.boundingBox();
  expect(input && text, "input and message are laid out").toBeTruthy();
  if (input && text) {
    // Directly below the input (within a line or two), starting at its left edge.
    expect(text.y).toBeGreaterThanOrEqual(input.y + input.height - 1);
    expect(text.y).toBeLessThan(input.y + input.height + 40);
    expect(Math.abs(text.x - input.x)).toBeLessThan(4);
  }
}

export async function expectFieldValid(field: Locator) {
  await expect(field).not.toHaveAttribute("aria-invalid", "true");
}
