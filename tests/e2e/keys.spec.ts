// The key pages as a person uses them every day, checked against the real API.
import path from "node:path";
import type { APIRequestContext, Page, TestInfo } from "@playwright/test";
import { newAccount, signIn, signUp, createAccount, type Account } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";
import { createKey, KEY_PATTERN } from "./support/keys";


async function saveScreenshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: path.resolve(testInfo.project.testDir, "..", "artifacts", `${name}.png`), fullPage: true });
}

async function api(request: APIRequestContext, key: string, init: { method?: string; path?: string; data?: unknown } = {}) {
  const response = await request.fetch(init.path ?? "/api/v1/me", {
    method: init.method ?? "GET",
    headers: { Authorization: `Bearer ${key}` },
    data: init.data,
  });
  return { status: response.status(), body: await response.json().catch(() => null) };
}

async function openKey(page: Page, name: string) {
  await page.goto("/keys");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test.describe("keys", () => {
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("create a read-only test key, copy it, call the API with it; the secret is never shown again", async ({ page, request }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signUp(page, newAccount("create"));
    await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
    await saveScreenshot(page, testInfo, "keys-empty-1280");
    await page.getByRole("link", { name: "Create your first key" }).click();
    await expect(page).toHaveURL(/\/keys\/new$/);

    const secret = await createKey(page, { name: "reporting", purpose: "nightly export", access: "Read only", environment: "Test" });
    await expect(page.getByText("Copy this key now. It will not be shown again.")).toBeVisible();
    await expect(page.getByText(`KEYWARD_API_KEY=${secret}`)).toBeVisible();
    // The snippets read the key from the environment, as the .env line above them sets it.
    await expect(page.getByText('-H "Authorization: Bearer $KEYWARD_API_KEY"')).toBeVisible();
    const captions = (await page.locator("figcaption").allInnerTexts()).map((text) => text.split("\n")[0]!.trim());
    expect(captions).toEqual([".env", "curl", "JavaScript (fetch)", "JavaScript (axios)", "Python (httpx)", "Python (requests)", "C# (HttpClient)"]);
    await page.getByRole("button", { name: "Copy key" }).click();
    await expect(page.getByRole("button", { name: "Copy key" })).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await saveScreenshot(page, testInfo, "show-once-1280");

    // The key works, read-only.
    const me = await api(request, secret);
    expect(me).toMatchObject({ status: 200, body: { name: "reporting", environment: "test", scopes: ["resources:read", "usage:read"] } });
    const write = await api(request, secret, { method: "POST", path: "/api/v1/resources", data: { name: "x", type: "compute" } });
    expect(write).toMatchObject({ status: 403, body: { error: "Forbidden.", code: "insufficient_scope", required: "resources:write" } });

    // Reloading the show-once screen shows the form again, not the secret.
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Create a key" })).toBeVisible();
    expect(await page.content()).not.toContain(secret);

    // Nowhere else either: the list and the key's own page show the hint only.
    await page.goto("/keys");
    await expect(page.getByRole("link", { name: "reporting", exact: true })).toBeVisible();
    await expect(page.getByText(`${secret.slice(0, 12)}…${secret.slice(-4)}`)).toBeVisible();
    // Last used: just now, by the calls above (written with the usage, every 2 seconds; a busy machine may take a minute to get here).
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("row", { name: /reporting/ }).getByText(/^(now|1 minute ago)$/)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await saveScreenshot(page, testInfo, "keys-1280");
    expect(await page.content()).not.toContain(secret);
    await openKey(page, "reporting");
    expect(await page.content()).not.toContain(secret);
    await expect(page.getByText("nightly export")).toBeVisible();
    await saveScreenshot(page, testInfo, "key-detail-1280");
  });

  test("bad input is shown beside each field and what was typed is kept", async ({ page }) => {
    await signUp(page, newAccount("invalid"));
    await page.goto("/keys/new");
    const submit = page.getByRole("button", { name: "Create key" });
    // This test is about the app's own submit (what the page shows once it
    // works); before hydration the browser posts the form itself, and a box
    // ticked while React takes over can be unticked again (seen failing on a
    // busy machine). The browser's way has its own tests (no-javascript.spec.ts).
    await waitForHydration(submit);
    await page.getByLabel("Purpose").fill("kept purpose");
    await page.getByLabel("Expires", { exact: true }).selectOption({ label: "Never" });
    await submit.click();
    await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Enter a name.")).toBeVisible();
    await expect(page.getByLabel("Purpose")).toHaveValue("kept purpose");

    await page.getByLabel("Name", { exact: true }).fill("forever");
    await submit.click();
    await expect(page.getByText("Confirm that this key should never expire.")).toBeVisible();
    const confirmNever = page.getByLabel(/I understand that a key that never expires/);
    await waitForHydration(confirmNever);
    await confirmNever.check();
    await submit.click();
    await expect(page.getByRole("heading", { name: "Your key is ready" })).toBeVisible();

    // Names are unique among active keys.
    await page.goto("/keys/new");
    await waitForHydration(submit);
    await page.getByLabel("Name", { exact: true }).fill("forever");
    await submit.click();
    await expect(page.getByText(/An active key already has this name/)).toBeVisible();
  });

  test("rotate with a grace period: both keys work, the old one shows as rotating out; then revoke", async ({ page, request }, testInfo) => {
    await signUp(page, newAccount("rotate"));
    const original = await createKey(page, { name: "deployer", access: "Full access" });

    await openKey(page, "deployer");
    await page.getByRole("button", { name: "Rotate", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Rotate “deployer”" });
    await dialog.getByLabel("Keep the old key working for").selectOption("1h");
    await dialog.getByRole("button", { name: "Rotate", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Your rotated key is ready" })).toBeVisible();
    await expect(page.getByText(/The old key keeps working until/)).toBeVisible();
    const successor = await page.getByLabel("Your new API key").inputValue();
    expect(successor).toMatch(KEY_PATTERN);
    expect(successor).not.toBe(original);

    expect((await api(request, original)).status).toBe(200);
    expect((await api(request, successor)).status).toBe(200);

    // In the list, the successor says which key it replaced.
    await page.goto("/keys?status=active");
    await expect(page.getByRole("row", { name: /deployer/ })).toContainText(/rotated from kw_test_\w+…\w{4}/);
    await page.goto("/keys?status=rotating_out");
    await expect(page.getByRole("row", { name: /deployer/ })).toHaveCount(1);
    await expect(page.getByRole("row", { name: /deployer/ }).getByText("Rotating out", { exact: true })).toBeVisible();
    await page.getByRole("link", { name: "deployer", exact: true }).click();
    await expect(page.getByText(/Rotating out until/)).toBeVisible();
    await expect(page.getByRole("link", { name: "Replaced by a newer key →" })).toBeVisible();
    await saveScreenshot(page, testInfo, "key-rotating-out-1280");

    // Revoke the old key now: it asks first, naming the key, and then the API refuses it.
    await page.getByRole("button", { name: "Revoke", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke “deployer”?" });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Revoke deployer" }).click();
    await expect(page.getByRole("main").getByText("Revoked", { exact: true }).first()).toBeVisible();
    expect(await api(request, original)).toMatchObject({ status: 401, body: { code: "revoked_key" } });
    expect((await api(request, successor)).status).toBe(200);

    // The audit log has the whole story, with who did it.
    await page.goto("/audit-log");
    const log = page.getByRole("table", { name: "Audit events, newest first" });
    for (const action of ["Created key", "Rotated key", "Issued key by rotation", "Revoked key"]) {
      await expect(log.getByRole("row").filter({ hasText: action }).first()).toBeVisible();
    }
    await page.getByLabel("Action").selectOption({ label: "Revoked key" });
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(log.getByRole("row")).toHaveCount(2); // header + one event
  });

  test("admin review flags keys that need attention, and bulk-revokes them after a confirmation", async ({ page, request }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signUp(page, newAccount("review"));
    const forever = await createKey(page, { name: "forever", access: "Read only", expiry: "Never", neverConfirm: true });
    const powerful = await createKey(page, { name: "powerful", access: "Full access", expiry: "7 days" });
    const modest = await createKey(page, { name: "modest", access: "Read only", expiry: "90 days" });
    await page.goto("/keys");
    await expect(page.getByRole("row", { name: /modest/ }).getByText("never", { exact: true })).toBeVisible();

    await page.goto("/review");
    const rows = page.getByRole("table", { name: "Keys to review" }).getByRole("row");
    await expect(rows.filter({ hasText: "forever" })).toContainText("Never expires");
    await expect(rows.filter({ hasText: "powerful" })).toContainText("Full access");
    await expect(rows.filter({ hasText: "powerful" })).toContainText("Expires within 7 days");
    await saveScreenshot(page, testInfo, "review-1280");

    await page.getByRole("link", { name: /^Never expires \(1\)$/ }).click();
    await expect(rows).toHaveCount(2);
    await page.goto("/review");
    await page.getByLabel("Select forever").check();
    await page.getByLabel("Select powerful").check();
    await page.getByRole("button", { name: "Revoke selected (2)" }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke 2 keys?" });
    await expect(dialog).toContainText("forever");
    await expect(dialog).toContainText("powerful");
    await dialog.getByRole("button", { name: "Revoke 2 keys" }).click();
    await expect(page.getByText("Revoked 2 keys.")).toBeVisible();
    await expect(rows.filter({ hasText: "forever" })).toHaveCount(0);

    expect((await api(request, forever)).body.code).toBe("revoked_key");
    expect((await api(request, powerful)).body.code).toBe("revoked_key");
    expect((await api(request, modest)).status).toBe(200);

    // The CSV export lists hints, never secrets.
    const csv = await page.request.get("/review/export");
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const text = await csv.text();
    expect(text).toContain("modest");
    expect(text).not.toContain(modest);
  });

  test("members see only their own keys, cannot review, and cannot act on others' keys even by hand", async ({ browser, page, request }) => {
    const member: Account = await createAccount(browser, newAccount("member"));
    const ownerOrganization = "Owner's Workshop";
    await signUp(page, newAccount("owner", { organizationName: ownerOrganization }));
    const ownerSecret = await createKey(page, { name: "owner key", access: "Read only" });
    const ownerKeyUrl = await (async () => {
      await openKey(page, "owner key");
      return page.url();
    })();

    // The owner invites the member in Settings; the answer would be the same for an email with no account.
    await page.goto("/settings");
    await page.getByLabel("Invite a member by email").fill(member.email);
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(page.getByText(`Invitation recorded for ${member.email}.`, { exact: false })).toBeVisible();
    await expect(page.getByRole("button", { name: "Withdraw invitation" })).toBeVisible();

    // The member signs in (which accepts the invitation), in their own browser, and switches to the owner's organization.
    const memberContext = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "198.18.7.7" } });
    const memberPage = await memberContext.newPage();
    await signIn(memberPage, member);
    const switcher = memberPage.getByLabel("Organization");
    await switcher.selectOption({ label: ownerOrganization });
    await expect(memberPage.getByTestId("organization-name")).toHaveText(ownerOrganization);
    await expect(memberPage.getByText("Member", { exact: true })).toBeVisible();

    // Members see their own keys only, and no review.
    await expect(memberPage.getByRole("link", { name: "owner key" })).toHaveCount(0);
    await expect(memberPage.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Review" })).toHaveCount(0);
    const response = await memberPage.goto(ownerKeyUrl);
    expect(response?.status()).toBe(404);

    // A hand-crafted request: the member's own revoke, re-addressed to the owner's key.
    const memberSecret = await createKey(memberPage, { name: "member key", access: "Read only" });
    await openKey(memberPage, "member key");
    const memberKeyId = memberPage.url().split("/").pop()!;
    const ownerKeyId = ownerKeyUrl.split("/").pop()!;
    let captured: { url: string; headers: Record<string, string>; body: string } | null = null;
    await memberPage.route(`**/keys/${memberKeyId}`, async (route) => {
      const original = route.request();
      if (original.method() !== "POST") return route.continue();
      const body = original.postData()!.replace(memberKeyId, ownerKeyId);
      captured = { url: original.url(), headers: await original.allHeaders(), body: original.postData()! };
      await route.continue({ postData: body });
    });
    await memberPage.getByRole("button", { name: "Revoke", exact: true }).click();
    await memberPage.getByRole("dialog").getByRole("button", { name: "Revoke member key" }).click();
    await expect(memberPage.getByRole("dialog").getByText("No such key.")).toBeVisible();
    expect((await api(request, ownerSecret)).status).toBe(200);
    expect((await api(request, memberSecret)).status).toBe(200);

    // The same server action from another origin is refused, and changes nothing.
    expect(captured).not.toBeNull();
    const { url, headers, body } = captured!;
    const crossOrigin = await memberContext.request.post(url, {
      headers: { ...headers, origin: "http://evil.example", host: new URL(url).host },
      data: body,
      failOnStatusCode: false,
    });
    expect(crossOrigin.status()).toBeGreaterThanOrEqual(400);
    expect((await api(request, memberSecret)).status).toBe(200);
    // The control: the very same request from the app's own origin does revoke the member's key.
    const sameOrigin = await memberContext.request.post(url, { headers, data: body, failOnStatusCode: false });
    expect(sameOrigin.status()).toBe(200);
    expect(await api(request, memberSecret)).toMatchObject({ status: 401, body: { code: "revoked_key" } });
    await memberContext.close();

    // The organization the member chose follows them to a new browser, at their next sign-in.
    const laterContext = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "198.18.7.8" } });
    const laterPage = await laterContext.newPage();
    await signIn(laterPage, member);
    await expect(laterPage.getByTestId("organization-name")).toHaveText(ownerOrganization);
    await laterContext.close();
  });

  test("an admin sets a custom rate limit on the key page, and the API applies it at once", async ({ page, request }) => {
    await signUp(page, newAccount("limits"));
    const secret = await createKey(page, { name: "metered", access: "Read only" });
    expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } })).headers()["x-ratelimit-limit"]).toBe("1000");

    await openKey(page, "metered");
    const form = page.getByRole("form", { name: "Rate limit" });
    await form.getByLabel("Plan", { exact: true }).selectOption("CUSTOM");
    await form.getByRole("button", { name: "Save rate limit" }).click();
    await expect(form.getByText("A custom plan needs a limit.")).toBeVisible();
    await form.getByLabel("Requests", { exact: true }).fill("3");
    await form.getByLabel("Per", { exact: true }).selectOption("1m");
    await form.getByRole("button", { name: "Save rate limit" }).click();
    await expect(form.getByText(/Rate limit saved/)).toBeVisible();
    await expect(page.getByText("Custom: 3 requests per minute")).toBeVisible();

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } })).status());
    expect(statuses).toEqual([200, 200, 200, 429]);
    await page.goto("/audit-log");
    await expect(page.getByRole("table", { name: "Audit events, newest first" })).toContainText("Changed rate limit");
  });

  test("phone (390 px): keys, the show-once screen, key detail and review fit the screen", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signUp(page, newAccount("phone-keys"));
    await createKey(page, { name: "mobile", access: "Full access", expiry: "7 days" });
    await expect(page.getByRole("button", { name: "Copy key" })).toBeInViewport();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "show-once-390");

    for (const [path, name, heading] of [
      ["/keys", "keys-list-390", "Keys"],
      ["/review", "review-390", "Review keys"],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await expectNoHorizontalScroll(page);
      await saveScreenshot(page, testInfo, name);
    }
    await openKey(page, "mobile");
    await expect(page.getByRole("button", { name: "Rotate", exact: true })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, testInfo, "key-detail-390");
  });
});

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, "page is not wider than the viewport").toBeLessThanOrEqual(clientWidth);
}
