// Issue 14: a key reported leaked by GitHub's secret scanning. An owner
// chooses the leak policy in Settings; a flagged key shows a banner on its
// page and on Review keys until it is rotated, and a key revoked for a leak
// says why on its page.
import { newAccount, signUp } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { signedReport } from "./support/github-keys";
import { createKey } from "./support/keys";

test("flag policy: the banner shows on the key's page and on Review keys until the key is rotated", async ({ page, request }) => {
  await signUp(page, newAccount("leak-flag"));
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Leaked keys" });
  await expect(form.getByLabel("Revoke it at once")).toBeChecked();
  await form.getByLabel("Flag it, and keep it working").check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Leak policy saved.")).toBeVisible();

  const secret = await createKey(page, { name: "leaky", access: "Read only" });
  const where = "https://github.com/octo/app/blob/0a1b2c/config.js";
  const answer = await request.post("/api/secret-scanning/report", signedReport([secret], where));
  expect(await answer.json()).toEqual([{ token_raw: secret, token_type: "keyward_api_key", label: "true_positive" }]);
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);

  await page.goto("/keys");
  await page.getByRole("link", { name: "leaky", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "This key was reported leaked and still works" })).toBeVisible();
  const keyPage = page.url();
  await expect(page.getByRole("region", { name: "Leak reports" }).getByRole("link", { name: where })).toBeVisible();
  await expect(page.getByRole("cell", { name: `Reported leaked at ${where} (content): flagged, still working` })).toBeVisible(); // the key's history

  await page.goto("/review");
  const banner = page.getByRole("status").filter({ hasText: "1 key reported leaked and still working" });
  await expect(banner.getByRole("link", { name: "leaky" })).toBeVisible();

  await page.goto(keyPage);
  await page.getByRole("button", { name: "Rotate", exact: true }).click();
  await page.getByRole("dialog", { name: "Rotate “leaky”" }).getByRole("button", { name: "Rotate", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Your rotated key is ready" })).toBeVisible();
  await page.goto("/review");
  await expect(page.getByText("reported leaked and still working")).toHaveCount(0);
});

test("revoke policy (the default): the key is refused at once and its page says why", async ({ page, request }) => {
  await signUp(page, newAccount("leak-revoke"));
  const secret = await createKey(page, { name: "exposed", access: "Read only" });
  const where = "https://gist.github.com/octo/5f3e";
  await request.post("/api/secret-scanning/report", signedReport([secret], where));
  const refused = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).code).toBe("revoked_key");

  await page.goto("/keys?status=revoked");
  await page.getByRole("link", { name: "exposed", exact: true }).click();
  const banner = page.getByRole("status").filter({ hasText: "Revoked: reported leaked" });
  await expect(banner).toBeVisible();
  await expect(banner.getByRole("link", { name: where })).toBeVisible();

  await page.goto("/review");
  const review = page.getByRole("status").filter({ hasText: "1 key revoked after a leak report in the last 7 days" });
  await expect(review.getByRole("link", { name: "exposed" })).toBeVisible();
});

test.describe("before JavaScript loads", () => {
  test.use({ javaScriptEnabled: false });

  test("the leak policy form saves, and the page shows the choice", async ({ page }) => {
    await signUp(page, newAccount("leak-nojs"));
    await page.goto("/settings");
    const form = page.getByRole("form", { name: "Leaked keys" });
    await form.getByLabel("Flag it, and keep it working").check();
    await form.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Leak policy saved.")).toBeVisible();
    await page.goto("/settings");
    await expect(page.getByRole("form", { name: "Leaked keys" }).getByLabel("Flag it, and keep it working")).toBeChecked();
  });
});
