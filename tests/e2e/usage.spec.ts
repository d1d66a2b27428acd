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
  // Hovering the bar says which hour it covers, in the dashboard's time format.
  await chart.locator("path.recharts-rectangle").last().hover();
  await expect(chart.locator(".recharts-tooltip-wrapper")).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:00–\d{2}:00 UTC/);
  // Without the drawing, the same numbers are there in words: the busiest hour, and a table for screen readers.
  await expect(usage.getByText(/Requests per hour \(UTC\), by status\. Busiest: \d{4}-\d{2}-\d{2} \d{2}:00–\d{2}:00 UTC, \d+ requests?\./)).toBeVisible();
  const perHour = usage.getByRole("table", { name: /^Requests per hour, by status/ });
  await expect(perHour.getByRole("rowheader").first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:00–\d{2}:00 UTC$/);
  // Columns: period, total, 2xx, 3xx, 4xx, 429, 5xx; the hours with requests add up to what was sent.
  const column = async (index: number) => (await perHour.locator(`tbody tr td:nth-of-type(${index})`).allTextContents()).reduce((sum, cell) => sum + Number(cell), 0);
  expect([await column(1), await column(2), await column(4)]).toEqual([8, 6, 2]);
  await page.screenshot({ path: path.resolve(testInfo.project.testDir, "..", "artifacts", "key-usage-1280.png"), fullPage: true });

  // The organization's page counts the same requests, with the key among the busiest.
  await page.goto("/usage?range=7d");
  await expect(page.getByRole("link", { name: "7 days" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("Requests", { exact: true }).locator("..")).toContainText("8");
  await expect(page.getByRole("table", { name: "Busiest keys" })).toContainText("charted");
  // Seven days in 6-hour bars, with each date on the axis once, not "18 Nov, 18 Nov, 19 Nov…".
  await expect(page.getByText(/^Requests per 6 hours \(UTC\)/)).toBeVisible();
  const ticks = page.getByTestId("usage-chart").locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value");
  await expect(ticks.first()).toBeVisible();
  const labels = await ticks.allTextContents();
  expect(labels.length).toBeGreaterThanOrEqual(6);
  expect(new Set(labels).size, `distinct tick labels: ${labels.join(", ")}`).toBe(labels.length);
  for (const label of labels) expect(label).toMatch(/^\d{1,2} [A-Z][a-z]{2}$/);
  await page.screenshot({ path: path.resolve(testInfo.project.testDir, "..", "artifacts", "usage-1280.png"), fullPage: true });
});
