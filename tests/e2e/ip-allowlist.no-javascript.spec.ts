// Issue 14, before JavaScript loads (the "no-javascript" project runs every
// *no-javascript.spec.ts): the allowed-addresses form posts as a plain form.
import { newAccount, submitSignUp } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { createKey } from "./support/keys";

test("set a key's allowed addresses with a plain form post; a bad entry is refused and what was typed is kept", async ({ page, request }) => {
  await page.goto("/sign-up");
  await submitSignUp(page, newAccount("nojs-allowlist"));
  await expect(page).toHaveURL(/\/keys$/);
  const secret = await createKey(page, { name: "nojs-allowlisted" });
  await page.getByRole("link", { name: "I have saved it — view the key" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "nojs-allowlisted" })).toBeVisible();

  const list = () => page.getByRole("form", { name: "Allowed IP addresses" }).getByLabel("Addresses and ranges");
  await list().fill("203.0.113.0/24\n999.1.1.1");
  await page.getByRole("button", { name: "Save allowed addresses" }).click();
  await expect(list()).toHaveAttribute("aria-invalid", "true");
  await expect(list()).toHaveAccessibleDescription(/"999\.1\.1\.1" is not an IP address/);
  await expect(list()).toHaveValue("203.0.113.0/24\n999.1.1.1");

  await list().fill("203.0.113.0/24");
  await page.getByRole("button", { name: "Save allowed addresses" }).click();
  await expect(page.getByText("Allowed addresses saved.")).toBeVisible();
  const me = (ip: string) => request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}`, "X-Forwarded-For": ip } }).then((r) => r.status());
  expect(await me("203.0.113.7")).toBe(200);
  expect(await me("198.51.100.7")).toBe(403);
});
