import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

export const KEY_PATTERN = /^kw_(live|test)_[0-9A-Za-z]{36}$/;

export type KeyChoices = { name: string; purpose?: string; environment?: "Test" | "Live"; access?: "Full access" | "Read only"; expiry?: string; neverConfirm?: boolean };

/** Fills in "Create a key" and submits it; returns the secret from the show-once screen. */
export async function createKey(page: Page, choices: KeyChoices): Promise<string> {
  await page.goto("/keys/new");
  const submit = page.getByRole("button", { name: "Create key" });
  await page.getByLabel("Name", { exact: true }).fill(choices.name);
  if (choices.purpose) await page.getByLabel("Purpose").fill(choices.purpose);
  await page.getByRole("group", { name: "Environment" }).getByLabel(choices.environment ?? "Test").check();
  await page.getByRole("group", { name: "Access" }).getByLabel(choices.access ?? "Read only").check();
  if (choices.expiry) await page.getByLabel("Expires", { exact: true }).selectOption({ label: choices.expiry });
  if (choices.neverConfirm) await page.getByLabel(/I understand that a key that never expires/).check();
  await submit.click();
  await expect(page.getByRole("heading", { level: 1, name: "Your key is ready" })).toBeVisible();
  const secret = await page.getByLabel("Your new API key").inputValue();
  expect(secret).toMatch(KEY_PATTERN);
  return secret;
}

