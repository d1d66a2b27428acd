// The production build, served by Keyward's own server (scripts/serve.ts) as
// `npm start` does, as a child process for system tests.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { serverCommand } from "../../scripts/process";
import { freePort } from "./free-port";
import { cleanEnv } from "./run-command";

/** The same secrets as the test process (vitest.config.ts), so keys made in a test work on the server. */
export const TEST_SECRETS = { AUTH_SECRET: process.env.AUTH_SECRET ?? "s".repeat(40), KEY_PEPPER: process.env.KEY_PEPPER ?? "p".repeat(40) };

export type AppServer = {
  url: string;
  port: number;
  /** The server's own process (scripts/serve.ts runs in it: no wrapper in between), or the launcher's with "npm-start". */
  pid: number;
  output(): string;
  stop(): Promise<void>;
  /** Sends a signal; `exited` resolves with the exit code (or 128 + signal) when the process ends. */
  kill(signal: NodeJS.Signals): void;
  exited: Promise<number>;
};

/** The server could not listen: another process holds the port. */
class PortTakenError extends Error {}

/** Next compiles nothing at start (the build is made), but a busy machine can take many seconds to boot it; the launcher also migrates. */
const STARTUP_BUDGET_MS = { serve: 60_000, "npm-start": 120_000 };

/** Attempts at a free port: another process can take the one chosen before the server listens on it. */
const PORT_ATTEMPTS = 3;

/**
 * Starts the production server and resolves once it answers. Without `port`,
 * on one the OS has free: a fixed port could be held by a second copy of the
 * suite on the machine, whose server would then answer this file's requests.
 */
export type AppServerOptions = {
  /** Default: a free one (see startAppServer). */
  port?: number;
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
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch({ ...options, port: options.port ?? (await freePort()) });
    } catch (error) {
      if (!(error instanceof PortTakenError) || options.port !== undefined || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

async function launch(options: AppServerOptions & { port: number }): Promise<AppServer> {
  const via = options.via ?? "serve";
  const [command, args] = via === "npm-start" ? [process.execPath, ["--import", "tsx", path.join(process.cwd(), "scripts", "start.ts")]] : serverCommand();
  const child: ChildProcess = spawn(command, args, {
    env: cleanEnv({
      NODE_ENV: "production",
      NEXT_MANUAL_SIG_HANDLE: "1",
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      ...TEST_SECRETS,
      ...(via === "npm-start" ? { KEYWARD_SKIP_BUILD: "1", KEYWARD_STATE_DIR: mkdtempSync(path.join(tmpdir(), "keyward-app-")) } : {}),
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
    port: options.port,
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
  // Ready when this child says it listens and then answers: a ping alone could
  // be answered by whoever else holds the port. A child that exits is reported
  // at once, not after the whole budget.
  const deadline = Date.now() + STARTUP_BUDGET_MS[via];
  while (!(output.includes(`listening on port ${options.port}`) && (await pings(url)))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      if (output.includes("EADDRINUSE")) throw new PortTakenError(`port ${options.port} is taken\n${output}`);
      throw new Error(`the app server exited before it was ready (code ${child.exitCode ?? child.signalCode})\n${output}`);
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`the app server was not ready within ${STARTUP_BUDGET_MS[via]} ms\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return server;
}

async function pings(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/ping`, { signal: AbortSignal.timeout(5_000) })).status === 200;
  } catch {
    return false;
  }
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
