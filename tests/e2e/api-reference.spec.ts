// Issue 11: the interactive API reference at /docs/api (Swagger UI, served by
// Keyward itself), reached from the dashboard, rendering the OpenAPI document
// under the page CSP, and calling the API with a key from its "Try it out".
import { newAccount, signUp } from "./support/accounts";
import { watchViolations } from "./support/csp";
import { expect, test } from "./support/fixtures";
import { createKey } from "./support/keys";

test("from the dashboard to the API reference, and a call to /api/v1/me from it with a new key", async ({ page }) => {
  const violations = await watchViolations(page);
  await signUp(page, newAccount("reference"));
  const secret = await createKey(page, { name: "docs", access: "Read only" });

  await page.goto("/keys");
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  // Swagger UI is a megabyte of script: on a busy machine it takes a while to draw.
  await expect(page.getByRole("heading", { name: /Keyward API/ })).toBeVisible({ timeout: 30_000 });
  for (const summary of ["The calling key", "List resources", "Exchange the key for a token acting for one member"]) {
    await expect(page.getByText(summary, { exact: true })).toBeVisible();
  }

  // Authorize with the key, then try GET /api/v1/me.
  await page.getByRole("button", { name: "Authorize" }).first().click();
  await page.getByRole("textbox", { name: "auth-bearer-value" }).fill(secret);
  await page.getByRole("button", { name: "Apply credentials" }).first().click();
  await page.getByRole("button", { name: "Close", exact: true }).first().click();
  await page.getByText("The calling key", { exact: true }).click();
  // The code samples, from the same source as the show-once screen and the README.
  await expect(page.getByRole("heading", { name: "Code samples (the key in KEYWARD_API_KEY)" })).toBeVisible();
  await expect(page.getByText("Python (requests)", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Try it out" }).click();
  await page.getByRole("button", { name: "Execute" }).click();
  const responses = page.locator(".live-responses-table");
  await expect(responses.locator("tbody .response-col_status").first()).toHaveText("200");
  await expect(responses).toContainText('"name": "docs"');

  expect(await violations()).toEqual([]);
});

test("the document and the reference's own files are public, and nothing else of swagger-ui-dist is served", async ({ request }) => {
  const document = await request.get("/api/v1/openapi.json");
  expect(document.status()).toBe(200);
  expect((await document.json()).openapi).toBe("3.1.0");
  expect((await request.get("/docs/api")).status()).toBe(200);
  expect((await request.get("/docs/api/assets/swagger-ui-bundle.js")).headers()["content-type"]).toContain("javascript");
  expect((await request.get("/docs/api/assets/package.json")).status()).toBe(404);
  expect((await request.get("/docs/api/assets/..%2F..%2Fpackage.json")).status()).toBe(404);
});
