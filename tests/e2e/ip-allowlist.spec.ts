// Issue 14: a key's allowed IP addresses, set in the dashboard and enforced by
// the API. The e2e server trusts loopback as a proxy (playwright.config.ts), so
// the X-Forwarded-For a call sends here is its client address.
import type { APIRequestContext } from "@playwright/test";
import { newAccount, signUp } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { createKey } from "./support/keys";

async function meFrom(request: APIRequestContext, key: string, ip: string) {
  const response = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${key}`, "X-Forwarded-For": ip } });
  return { status: response.status(), body: await response.json().catch(() => null) };
}

test("restrict a key on its page, see each bad entry refused, then change the list; the API follows", async ({ page, request }) => {
  await signUp(page, newAccount("allowlist"));
  const secret = await createKey(page, { name: "office only" });
  expect((await meFrom(request, secret, "198.51.100.1")).status).toBe(200); // any address, until a list is set

  await page.getByRole("link", { name: "I have saved it — view the key" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "office only" })).toBeVisible();
  await expect(page.locator("dl").getByText("Any address")).toBeVisible();
  await page.getByRole("form", { name: "Allowed IP addresses" }).getByLabel("Addresses and ranges").fill("203.0.113.9/24");
  await page.getByRole("button", { name: "Save allowed addresses" }).click();
  await expect(page.getByText("Allowed addresses saved.")).toBeVisible();
  expect((await meFrom(request, secret, "203.0.113.5")).status).toBe(200);
  expect(await meFrom(request, secret, "198.51.100.1")).toMatchObject({ status: 403, body: { error: "Forbidden.", code: "ip_not_allowed" } });

  // Stored normalised: the host bits of the range are cleared.
  await expect(page.locator("dl").getByText("203.0.113.0/24", { exact: true })).toBeVisible();

  const form = page.getByRole("form", { name: "Allowed IP addresses" });
  const list = form.getByLabel("Addresses and ranges");
  await expect(list).toHaveValue("203.0.113.0/24");
  await list.fill("198.51.100.0/24\nnot-an-ip\n10.0.0.0/33");
  await form.getByRole("button", { name: "Save allowed addresses" }).click();
  await expect(list).toHaveAttribute("aria-invalid", "true");
  await expect(list).toHaveAccessibleDescription(/"not-an-ip" is not an IP address.*"10\.0\.0\.0\/33" is not an IP address/);
  await expect(list).toHaveValue("198.51.100.0/24\nnot-an-ip\n10.0.0.0/33"); // what was typed is kept
  expect((await meFrom(request, secret, "198.51.100.1")).status).toBe(403); // nothing was saved

  await list.fill("198.51.100.0/24\n2001:db8::/32");
  await form.getByRole("button", { name: "Save allowed addresses" }).click();
  await expect(form.getByText("Allowed addresses saved.")).toBeVisible();
  await expect(page.locator("dl").getByText("198.51.100.0/24, 2001:db8::/32")).toBeVisible();
  expect((await meFrom(request, secret, "198.51.100.1")).status).toBe(200);
  expect((await meFrom(request, secret, "203.0.113.5")).status).toBe(403);
  await expect(page.getByRole("table", { name: "This key's audit events" }).getByText("allowed addresses 203.0.113.0/24 → 198.51.100.0/24, 2001:db8::/32")).toBeVisible();

  // Admin review shows which keys are restricted.
  await page.goto("/review");
  await expect(page.getByRole("row", { name: /office only/ }).getByText("2 ranges")).toBeVisible();

  // Cleared: any address again.
  await page.goto("/keys");
  await page.getByRole("link", { name: "office only", exact: true }).click();
  await page.getByRole("form", { name: "Allowed IP addresses" }).getByLabel("Addresses and ranges").fill("");
  await page.getByRole("button", { name: "Save allowed addresses" }).click();
  await expect(page.locator("dl").getByText("Any address")).toBeVisible();
  expect((await meFrom(request, secret, "203.0.113.5")).status).toBe(200);
});
