// The webhooks page as an owner uses it: add an endpoint (its secret shown
// once), send a test event, see it delivered in the log (to a real receiver
// that verifies the signature with `standardwebhooks`), and redeliver it.
import { expect, test } from "./support/fixtures";
import { startReceiver, type Receiver } from "../support/webhook-receiver";
import { newAccount, signUp } from "./support/accounts";
import { dashboardNav } from "./support/dashboard";

let receiver: Receiver;
test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

test("add an endpoint, see its secret once, send a test event, see it delivered and redeliver it", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, newAccount("webhooks"));
  await dashboardNav(page).getByRole("link", { name: "Webhooks", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  await expect(page.getByText("No endpoints yet")).toBeVisible();

  await page.getByLabel("URL").fill(receiver.url);
  await page.getByLabel("Description").fill("Ops receiver");
  await page.getByRole("button", { name: "Add endpoint" }).click();

  await expect(page.getByRole("heading", { name: "Your endpoint is ready" })).toBeVisible();
  const secret = await page.getByLabel("Signing secret").inputValue();
  expect(secret).toMatch(/^whsec_/);
  receiver.secrets.push(secret);
  await page.getByRole("link", { name: "I have saved it — view the endpoint" }).click();
  await expect(page.getByRole("heading", { level: 1, name: receiver.url })).toBeVisible();
  // Shown once: the endpoint's page and the list never show it again.
  expect(await page.content()).not.toContain(secret);

  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event queued")).toBeVisible();
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByRole("row").filter({ hasText: "webhook.test" }).getByText("Delivered").count();
      },
      { timeout: 90_000, intervals: [1_000] },
    )
    .toBe(1);
  expect(receiver.received).toHaveLength(1);
  expect(receiver.received[0]!.verifiedWith).toEqual([0]);
  await expect(page.getByRole("row").filter({ hasText: "webhook.test" })).toContainText("HTTP 204");

  await page.getByRole("button", { name: /^Redeliver webhook\.test/ }).click();
  await expect.poll(() => receiver.received.length, { timeout: 90_000 }).toBe(2);
  expect(receiver.received[1]!.id).toBe(receiver.received[0]!.id);
  expect(receiver.received[1]!.verifiedWith).toEqual([0]);

  await page.goto("/webhooks");
  await expect(page.getByRole("link", { name: receiver.url })).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  // Settings sums it up and leads here; the e2e server has no SMTP_URL.
  await page.goto("/settings");
  const notifications = page.getByRole("region", { name: "Notifications" });
  await expect(notifications).toContainText("Webhooks: 1 endpoint.");
  await expect(notifications).toContainText("Reminders by email: off.");
  await notifications.getByRole("link", { name: "Manage webhooks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
});
