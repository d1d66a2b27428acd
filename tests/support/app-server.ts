// The production build, served by Keyward's own server (scripts/serve.ts) as
// `npm start` does, as a child process for system tests.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { serverCommand } from "../../scripts/process";
import { cleanEnv } from "./run-command";

/** The same secrets as the test process (vitest.config.ts), so keys made in a test work on the server. */
export const TEST_SECRETS = { AUTH_SECRET: process.env.AUTH_SECRET ?? "s".repeat(40), KEY_PEPPER: process.env.KEY_PEPPER ?? "p".repeat(40) };

export type AppServer = {
  url: string;
  /** The server's own process (scripts/serve.ts runs in it: no wrapper in between), or the launcher's with "npm-start". */
  pid: number;
  output(): string;
  stop(): Promise<void>;
  /** Sends a signal; `exited` resolves with the exit code (or 128 + signal) when the process ends. */
  kill(signal: NodeJS.Signals): void;
  exited: Promise<number>;
};

export type AppServerOptions = {
  port: number;
  databaseUrl: string;
  env?: Record<string, string>;
  /**
   * "serve" (default): the server process alone, on a database the test migrated.
   * "npm-start": the whole launcher (scripts/start.ts), which waits for the
   * database and migrates it first, as a deployment does; the build is not redone.
   */
  via?: "serve" | "npm-start";
};

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` (npm test does it for you).");
  const launcher = options.via === "npm-start";
  const [command, args] = launcher ? [process.execPath, ["--import", "tsx", path.join(process.cwd(), "scripts", "start.ts")]] : serverCommand();
  const child: ChildProcess = spawn(command, args, {
    env: cleanEnv({
      NODE_ENV: "production",
      NEXT_MANUAL_SIG_HANDLE: "1",
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      ...TEST_SECRETS,
      ...(launcher ? { KEYWARD_SKIP_BUILD: "1", KEYWARD_STATE_DIR: mkdtempSync(path.join(tmpdir(), "keyward-app-")) } : {}),
      ...options.env,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<number>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  const server: AppServer = {
    url,
    pid: child.pid!,
    output: () => output,
    kill: (signal) => child.kill(signal),
    exited,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
  await eventually(
    () => fetch(`${url}/api/ping`).then((r) => r.status),
    (status) => status === 200,
    launcher ? 120_000 : 60_000,
    () => output,
  );
  return server;
}

/** Polls `probe` until `accept` holds; fails with the last value (and a log) after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number, log: () => string = () => "", intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch {
      // not answering yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}\n${log()}`);
}
