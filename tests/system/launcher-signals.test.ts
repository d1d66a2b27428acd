// Issue 10: a SIGTERM sent to `npm start` itself (the npm process, as a
// process manager or a terminal would) reaches the whole tree: the launcher,
// the app server, and nothing is left listening.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { eventually } from "../support/app-server";
import { freePort } from "../support/free-port";
import { cleanEnv } from "../support/run-command";
import { useTestDatabase } from "../support/test-database";

const db = await useTestDatabase();
let PORT: number;
const SECRET = "x".repeat(40);
let leftover: (() => void) | null = null;
afterAll(() => leftover?.());

async function answers(): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${PORT}/api/ping`, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

describe("npm start and signals", () => {
  test("SIGTERM to the npm process stops the launcher and the server", async () => {
    PORT = await freePort();
    const npm = spawn("npm", ["start"], {
      env: cleanEnv({
        DATABASE_URL: db.url,
        AUTH_SECRET: SECRET,
        KEY_PEPPER: SECRET,
        PORT: String(PORT),
        KEYWARD_SKIP_BUILD: "1", // the suite built the app already
        KEYWARD_STATE_DIR: mkdtempSync(path.join(tmpdir(), "keyward-signals-")),
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    npm.stdout!.on("data", (chunk) => (output += chunk));
    npm.stderr!.on("data", (chunk) => (output += chunk));
    leftover = () => npm.kill("SIGKILL");
    await eventually(answers, (up) => up, 60_000, () => output);

    npm.kill("SIGTERM");
    await eventually(answers, (up) => !up, 15_000, () => output);
    await new Promise((resolve) => (npm.exitCode !== null ? resolve(null) : npm.once("exit", resolve)));
    // Still nobody on the port a moment later: no orphaned server kept it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await answers()).toBe(false);
    expect(output).toMatch(/SIGTERM: no new connections/);
  }, 90_000);
});
