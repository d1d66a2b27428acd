// The dark theme and its toggle (components/ui/theme-toggle.tsx), on the
// sign-in page, which everyone sees first and which carries the toggle.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

/** The relative luminance (0 black … 1 white) of the page's background, whatever colour syntax the CSS used. */
async function backgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const context = document.createElement("canvas").getContext("2d")!;
    context.fillStyle = getComputedStyle(document.documentElement).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = Array.from(context.getImageData(0, 0, 1, 1).data.slice(0, 3), (channel) => {
      const c = channel / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  });
}

const DARK = 0.05; // zinc-950 is ~0.005; anything readable as "dark" is under this
const LIGHT = 0.8; // zinc-50 is ~0.96

function themeButton(page: Page, name: "Light" | "Dark" | "System") {
  return page.getByRole("button", { name, exact: true });
}

test.describe("with the system set to dark", () => {
  test.use({ colorScheme: "dark" });

  test("the sign-in page is dark until the visitor picks light", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
    expect(await backgroundLuminance(page)).toBeLessThan(DARK);
    await expect(themeButton(page, "System")).toHaveAttribute("aria-pressed", "true");

    await themeButton(page, "Light").click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    await expect(themeButton(page, "Light")).toHaveAttribute("aria-pressed", "true");
    expect(await backgroundLuminance(page)).toBeGreaterThan(LIGHT);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, colorScheme: "light" });

  test("the toggle posts the choice, and it persists on reload", async ({ page }) => {
    await page.goto("/sign-in");
    expect(await backgroundLuminance(page)).toBeGreaterThan(LIGHT);

    await themeButton(page, "Dark").click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await expect(themeButton(page, "Dark")).toHaveAttribute("aria-pressed", "true");
    expect(await backgroundLuminance(page)).toBeLessThan(DARK);

    await page.goto("/sign-in");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect(await backgroundLuminance(page)).toBeLessThan(DARK);

    await themeButton(page, "System").click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
    expect(await backgroundLuminance(page)).toBeGreaterThan(LIGHT);
  });
});
