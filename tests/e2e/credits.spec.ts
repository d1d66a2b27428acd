// Issue 11: an owner meters a key with prepaid credits from its page (a
// <form action> with useActionState), and the API spends them.
import { newAccount, signUp } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { createKey } from "./support/keys";

test("an owner adds credits from the key's page, a bad amount is refused beside the field, and the API spends them", async ({ page, request }) => {
  await signUp(page, newAccount("credits"));
  const secret = await createKey(page, { name: "metered", access: "Read only" });
  await page.goto("/keys");
  await page.getByRole("link", { name: "metered", exact: true }).click();
  const form = page.getByRole("form", { name: "Credits" });
  await expect(form.getByText(/no credits of its own/)).toBeVisible();

  await form.getByLabel("Add credits").fill("abc");
  await form.getByRole("button", { name: "Add", exact: true }).click();
  await expect(form.getByText("amount must be a number.")).toBeVisible();
  await expect(form.getByLabel("Add credits")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Add credits").fill("3");
  await form.getByRole("button", { name: "Add", exact: true }).click();
  await expect(form.getByText(/^3 left\./)).toBeVisible();
  await expect(page.getByText("Added credits")).toBeVisible(); // the key's history

  const answer = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
  expect(answer.status()).toBe(200);
  expect(answer.headers()["x-credits-remaining"]).toBe("2");
});

test("an owner gives the organization credits in Settings, and a key without its own spends them", async ({ page, request }) => {
  await signUp(page, newAccount("org-credits"));
  const secret = await createKey(page, { name: "shared", access: "Read only" });
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Organization credits" });
  await expect(form.getByText(/Not metered/)).toBeVisible();
  await form.getByLabel("Add credits").fill("2");
  await form.getByRole("button", { name: "Add", exact: true }).click();
  await expect(form.getByText(/^2 left\./)).toBeVisible();
  const answer = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
  expect(answer.headers()["x-credits-remaining"]).toBe("1");
});
