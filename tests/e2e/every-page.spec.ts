// Every page and state, at 1280 and 390 px, light and dark: a screenshot for a
// human to look at (tests/artifacts/screens/<page>-<width>-<theme>.png), an
// axe-core check that finds no serious or critical violation (see AXE_RUNS),
// and no horizontal scroll. One account with a few keys in each state, so the
// tables, badges and flags all have something to show.
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";
import { newAccount, signUp } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { createKey } from "./support/keys";

const WIDTHS = [1280, 390] as const;
const THEMES = ["light", "dark"] as const;

type Shot = { name: string; open: (page: Page) => Promise<void> };

// axe at every width and theme took most of this file's four minutes. What
// each one can find: the theme changes colours (contrast), so every rule runs
// in both themes at the wide layout, where every column and the sidebar show;
// the narrow layout changes structure (tables become cards, a Menu button), so
// it gets every rule but the colour contrast, which is the slow one.
const AXE_RUNS: { width: (typeof WIDTHS)[number]; theme: (typeof THEMES)[number]; colours: boolean }[] = [
  { width: 1280, theme: "light", colours: true },
  { width: 1280, theme: "dark", colours: true },
  { width: 390, theme: "light", colours: false },
];

async function expectNoSeriousViolations(page: Page, label: string, colours: boolean) {
  const axe = new AxeBuilder({ page });
  const { violations } = await (colours ? axe : axe.disableRules(["color-contrast"])).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    label,
  ).toEqual([]);
}

async function check(page: Page, testInfo: TestInfo, name: string) {
  await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      // animations: "disabled" finishes the colour transitions the theme switch starts, so neither the picture nor axe sees a half-switched page.
      await page.screenshot({ path: path.resolve(testInfo.project.testDir, "..", "artifacts", "screens", `${name}-${width}-${theme}.png`), fullPage: true, animations: "disabled" });
      const axe = AXE_RUNS.find((run) => run.width === width && run.theme === theme);
      if (axe) await expectNoSeriousViolations(page, `${name} at ${width} px, ${theme}`, axe.colours);
    }
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(scrollWidth, `${name} at ${width} px is not wider than the screen`).toBeLessThanOrEqual(clientWidth);
  }
}

test("signed out: sign-in, sign-up (and its refusal), not found", async ({ page }, testInfo) => {
  const shots: Shot[] = [
    { name: "sign-in", open: (p) => p.goto("/sign-in").then(() => undefined) },
    { name: "sign-up", open: (p) => p.goto("/sign-up").then(() => undefined) },
    {
      name: "sign-up-refused",
      open: async (p) => {
        await p.goto("/sign-up");
        await p.getByRole("button", { name: "Create account" }).click();
        await expect(p.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
      },
    },
    { name: "not-found", open: (p) => p.goto("/no-such-page").then(() => undefined) },
  ];
  for (const shot of shots) {
    await shot.open(page);
    await check(page, testInfo, shot.name);
  }
});

// Three accounts, so the three parts run side by side.
test("signed in: the keys list, creating a key and its show-once screen", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await signUp(page, newAccount("every-page-create", { organizationName: "The Analytical Engine Preservation Society" }));
  await page.goto("/keys");
  await check(page, testInfo, "keys-empty");
  await page.goto("/keys/new");
  await check(page, testInfo, "create-key");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await check(page, testInfo, "create-key-refused");
  await createKey(page, { name: "billing-sync (prod)", purpose: "Nightly invoice export to the ledger", environment: "Live", access: "Full access" });
  await check(page, testInfo, "show-once");
});

test("signed in: a key's page, its rotate dialog and the rotated key's screen", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await signUp(page, newAccount("every-page-key"));
  await createKey(page, { name: "billing-sync (prod)", purpose: "Nightly invoice export to the ledger", environment: "Live", access: "Full access" });
  await page.getByRole("link", { name: "I have saved it — view the key" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "billing-sync (prod)" })).toBeVisible();
  await check(page, testInfo, "key-detail");
  await page.getByRole("button", { name: "Rotate", exact: true }).click();
  await check(page, testInfo, "key-rotate-dialog");
  await page.getByRole("dialog").getByRole("button", { name: "Rotate", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Your rotated key is ready" })).toBeVisible();
  await check(page, testInfo, "key-rotated");
});

test("signed in: the keys list with keys in every state, review, usage, audit log, settings, system, a missing key", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await signUp(page, newAccount("every-page-lists", { organizationName: "The Analytical Engine Preservation Society" }));
  await createKey(page, { name: "billing-sync (prod)", environment: "Live", access: "Full access" });
  await createKey(page, { name: "ci-readonly", access: "Read only", expiry: "7 days" });
  await createKey(page, { name: "forever", access: "Read only", expiry: "Never", neverConfirm: true });
  for (const [name, address] of [
    ["keys", "/keys"],
    ["review", "/review"],
    ["usage", "/usage"],
    ["audit-log", "/audit-log"],
    ["settings", "/settings"],
    ["system", "/system"],
    ["key-not-found", "/keys/00000000-0000-7000-8000-000000000000"],
  ] as const) {
    await page.goto(address);
    await check(page, testInfo, name);
  }
});
