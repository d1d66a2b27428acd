import { spawn } from "node:child_process";
import { MIN_BCRYPT_COST } from "../../lib/env";

export type CommandResult = { code: number; stdout: string; stderr: string };

/** Runs a command to completion (no shell), with a hard time limit. */
export function runCommand(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/**
 * The environment minus anything that would point a child at a real deployment.
 * The child is not under NODE_ENV=test, so it gets the cheapest bcrypt cost
 * production accepts rather than the test process's 4, which it would refuse.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ["DATABASE_URL", "DATABASE_DIRECT_URL", "AUTH_SECRET", "KEY_PEPPER", "NEXTAUTH_URL", "REDIS_URL", "NODE_ENV", "LOG_LEVEL", "LOG_FORMAT", "METRICS_TOKEN"]) delete env[name];
  return { ...env, KEYWARD_BCRYPT_COST: String(MIN_BCRYPT_COST), ...extra };
}

/** `npm run keyward -- <args>`, as an operator runs it: a separate process, on the given database. */
export function runKeywardCli(args: string[], options: { databaseUrl: string; env?: Record<string, string>; input?: string }) {
  return runCommand(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", ...args], {
    env: cleanEnv({ DATABASE_URL: options.databaseUrl, ...options.env }),
    input: options.input,
    timeoutMs: 90_000,
  });
}
