// End-to-end tests: a real browser against the production build, started the
// way an operator starts Keyward (`npm start`), with its own embedded
// PostgreSQL and state under .keyward/e2e so it never touches a developer's
// running app or data.
//
//   npx playwright test            (the first run builds the app: 1–2 minutes)
//   CHROMIUM_PATH=/path/to/chrome npx playwright test
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { ensureGitHubTestKeys } from "./tests/e2e/support/github-keys";

// Overridable so that two checkouts on one machine can run their e2e tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;

// Playwright's own browser download is not used: the tests run on the system
// Chromium. Say how to get it, before any test starts, if it is missing.
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromiumPath)) {
  throw new Error(`Chromium not found at ${chromiumPath}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH)`);
}

const launchOptions = {
  executablePath: chromiumPath,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  // Every test creates its own accounts (unique emails), so tests are independent.
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: "list",
  // Budgets for a shared, busy machine (load average 10+ seen): a page load can take seconds.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "ui",
      testIgnore: /no-javascript\.spec\.ts$/,
      use: { ...devices["Desktop Chrome"], launchOptions },
    },
    {
      // The flows that must work before (or without) the page's JavaScript:
      // sign-in, sign-up, create key with its show-once screen, rename, revoke.
      name: "no-javascript",
      testMatch: /no-javascript\.spec\.ts$/,
      use: { ...devices["Desktop Chrome"], launchOptions, javaScriptEnabled: false },
    },
  ],
  webServer: {
    command: "node --import tsx scripts/start.ts",
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      KEYWARD_STATE_DIR: ".keyward/e2e",
      EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? "54349",
      // Empty rather than unset, so that a DATABASE_URL in the developer's
      // shell or .env cannot point the test server (and its throw-away
      // accounts) at their own database: @next/env never overrides a variable
      // that is already set, even to "", and boot treats "" as "use embedded".
      DATABASE_URL: "",
      // The browser connects from loopback; trusting it lets each test present
      // its own client address in X-Forwarded-For (tests/e2e/support/fixtures.ts).
      TRUSTED_PROXIES: "loopback",
      // The cheapest bcrypt cost production accepts (lib/env.ts): every test signs up.
      KEYWARD_BCRYPT_COST: "10",
      // Webhook receivers in the tests listen on 127.0.0.1 over http (tests/e2e/webhooks.spec.ts).
      KEYWARD_WEBHOOK_ALLOW_PRIVATE_URLS: "true",
      // Warnings and errors only: a line per API request would bury the test report.
      LOG_LEVEL: "warn",
      // Secret scanning reports, signed by the tests' own stand-in for GitHub (tests/e2e/leaks.spec.ts).
      KEYWARD_SECRET_SCANNING_KEYS_FILE: ensureGitHubTestKeys(),
    },
    // SIGTERM lets scripts/start.ts stop `next start` and then the embedded
    // PostgreSQL (which runs in its own session and would outlive a SIGKILL).
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
