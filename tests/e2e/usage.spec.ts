// Usage charts after real API requests.
import path from "node:path";
import { newAccount, signUp } from "./support/accounts";
import { expect, test } from "./support/fixtures";

test("a key's usage chart shows the requests made with it, by status", async ({ page, request }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signUp(page, newAccount("usage"));
  await page.goto("/usage");
  await expect(page.getByText(/No requests from your organization's keys in the last 24 hours/)).toBeVisible();

  await page.goto("/keys/new");
  await page.getByLabel("Name", { exact: true }).fill("charted");
  await page.getByRole("group", { name: "Access" }).getByLabel("Read only").check();
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = await page.getByLabel("Your new API key").inputValue();

  const auth = { Authorization: `Bearer ${secret}` };
  for (let i = 0; i < 6; i++) expect((await request.get("/api/v1/me", { headers: auth })).status()).toBe(200);
  for (let i = 0; i < 2; i++) expect((await request.post("/api/v1/resources", { headers: auth, data: { name: "x", type: "y" } })).status()).toBe(403);

  // Usage is written every 2 seconds: the key page shows it once it is in.
  await page.getByRole("link", { name: "I have saved it — view the key" }).click();
  await expect(page).toHaveURL(/\/keys\/[0-9a-f-]{36}$/);
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { name: "Usage" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Usage" }).getByText("Requests", { exact: true }).locator("..")).toContainText("8", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  const usage = page.getByRole("region", { name: "Usage" });
  await expect(usage.getByText("Errors (4xx, 5xx)").locator("..")).toContainText("2");
  await expect(usage.getByRole("table", { name: "Top routes" })).toContainText("GET /api/v1/me");
  await expect(usage.getByRole("table", { name: "Top routes" })).toContainText("POST /api/v1/resources");
  // The chart has drawn bars for both status classes.
  const chart = usage.getByTestId("usage-chart");
  await expect(chart.locator(".recharts-bar-rectangle path, .recharts-rectangle").first()).toBeVisible();
  await expect(chart.getByText("2xx", { exact: true })).toBeVisible();
  await page.screenshot({ path: path.resolve(testInfo.project.testDir, "..", "artifacts", "key-usage-1280.png"), fullPage: true });

  // The organization's page counts the same requests, with the key among the busiest.
  await page.goto("/usage?range=7d");
  await expect(page.getByRole("link", { name: "7 days" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("Requests", { exact: true }).locator("..")).toContainText("8");
  await expect(page.getByRole("table", { name: "Busiest keys" })).toContainText("charted");
  await page.screenshot({ path: path.resolve(testInfo.project.testDir, "..", "artifacts", "usage-1280.png"), fullPage: true });
});
