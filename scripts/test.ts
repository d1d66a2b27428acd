// `npm test`: every test. Unit and integration tests against a real PostgreSQL,
// system tests of the built server, and end-to-end tests in a real Chromium.
// Ends with one plain line, "tests: N passed, N failed, N skipped", summing both runners.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { isBuildCurrent } from "../lib/runtime/build-fingerprint";
import { finishBuild } from "../lib/runtime/standalone-artefact";
import { nextBin } from "./process";
import { redisAnswers } from "../lib/redis/client";
import { freePort } from "../tests/support/free-port";

// Not test-results/: Playwright empties that folder when it starts.
const RESULTS = path.join("tests", "artifacts", "reports");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

if (!existsSync(chromium)) {
  console.error(
    `\nChromium not found at ${chromium}. The end-to-end tests run in a real browser.\n` +
      `Install it with:  sudo apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium or Chrome binary)\n`,
  );
  process.exit(1);
}

const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
console.log(`[test] PostgreSQL: ${process.env.TEST_DATABASE_URL ? redact(process.env.TEST_DATABASE_URL) : "embedded (.keyward/test-postgres)"}`);
console.log(
  (await redisAnswers(redisUrl))
    ? `[test] Redis: ${redact(redisUrl)} (the shared rate-limit and two-instance tests run)`
    : `[test] Redis: none answers at ${redact(redisUrl)}; the shared rate-limit and two-instance tests are skipped (set TEST_REDIS_URL)`,
);

function redact(url: string) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

type Counts = { passed: number; failed: number; skipped: number };

function vitestCounts(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, "utf8"));
  return { passed: report.numPassedTests, failed: report.numFailedTests + (report.numRuntimeErrors ?? 0), skipped: report.numPendingTests + report.numTodoTests };
}

function playwrightCounts(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const { stats } = JSON.parse(readFileSync(file, "utf8"));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

// The system and end-to-end tests run the production build.
if (!isBuildCurrent()) {
  console.log("[test] Building the app…");
  const built = await run(nextBin(), ["build"]);
  if (built !== 0) process.exit(built);
  await finishBuild();
}

const vitestFile = path.join(RESULTS, "vitest.json");
const vitestCode = await run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestFile}`]);
const vitestResults = vitestCounts(vitestFile);

const playwrightFile = path.join(RESULTS, "playwright.json");
// The e2e server gets a fresh embedded database each run.
rmSync(path.join(".keyward", "e2e"), { recursive: true, force: true });
const playwrightCode = await run("npx", ["playwright", "test", "--reporter=list,json"], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightFile,
  KEYWARD_SKIP_BUILD: "1",
  // Ports the OS has free, unless given: a second copy of the suite on this
  // machine (another checkout, another CI job) may hold the fixed defaults.
  // Chosen now, just before the server starts, not before the Vitest run.
  E2E_PORT: process.env.E2E_PORT ?? String(await freePort()),
  E2E_PG_PORT: process.env.E2E_PG_PORT ?? String(await freePort()),
});

const parts: [string, Counts | null, number][] = [
  ["vitest", vitestResults, vitestCode],
  ["playwright", playwrightCounts(playwrightFile), playwrightCode],
];
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
console.log("");
for (const [name, counts, code] of parts) {
  if (!counts) {
    console.log(`${name}: did not report results (exit ${code})`);
    total.failed += 1;
    continue;
  }
  // A runner that exits non-zero with no failed test still failed (e.g. an error outside tests).
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
