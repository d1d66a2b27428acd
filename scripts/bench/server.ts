// Builds the app when its sources changed and runs the app server for the bench
// (Keyward's own, as `npm start` does, or plain `next start` to compare), on a port of its own, with the server's output in a log file so that it does
// not interleave with the bench's own.
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import net from "node:net";
import { isBuildCurrent } from "../../lib/runtime/build-fingerprint";
import { finishBuild } from "../../lib/runtime/standalone-artefact";
import { nextBin, serverCommand, waitUntilHealthy } from "../process";
import { BenchFailure } from "./failure";
import { onServerCpus } from "./load-generator";
import type { Shutdown } from "./shutdown";

export type BuildOutcome = { built: boolean; seconds: number };

export async function buildIfStale(env: NodeJS.ProcessEnv, shutdown: Shutdown, log: (line: string) => void): Promise<BuildOutcome> {
  if (isBuildCurrent()) return { built: false, seconds: 0 };
  log("Building the app (the sources changed since the last build)…");
  const started = performance.now();
  const code = await startChild(nextBin(), ["build"], { env, stdio: "inherit" }, "stop next build", shutdown).exited;
  shutdown.checkpoint();
  if (code !== 0) throw new BenchFailure(`next build failed (exit ${code}).`);
  await finishBuild();
  return { built: true, seconds: (performance.now() - started) / 1000 };
}

export type ServerKind = "keyward" | "next-start";

/** Starts the app server on 127.0.0.1:`port`; resolves with its process id once /api/health answers 200. */
export async function startServer(port: number, env: NodeJS.ProcessEnv, logFile: string, shutdown: Shutdown, kind: ServerKind = "keyward"): Promise<number> {
  // Another server on this port would answer the health check and the load in our place.
  await assertPortFree(port);
  const out = openSync(logFile, "w");
  const [program, programArgs]: [string, string[]] = kind === "keyward" ? serverCommand() : [nextBin(), ["start", "--port", String(port), "--hostname", "127.0.0.1"]];
  const [command, args] = onServerCpus(program, programArgs);
  const server = startChild(
    command,
    args,
    { env: { ...env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", out, out] },
    "stop the server",
    shutdown,
  );
  closeSync(out); // the child has its own copy
  if (!(await waitUntilHealthy(String(port), server.exited))) {
    shutdown.checkpoint();
    throw new BenchFailure(`The ${kind} server exited before it was healthy. Its output:\n${readFileSync(logFile, "utf8").slice(-2_000)}`);
  }
  return server.pid;
}

/** Spawns a child and registers its stop (SIGTERM, then wait for it to exit) with the shutdown. */
function startChild(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; stdio: StdioOptions },
  label: string,
  shutdown: Shutdown,
): { exited: Promise<number>; pid: number } {
  const child = spawn(command, args, options);
  const exited = new Promise<number>((resolve) => child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  const forget = shutdown.add(label, () => stopChild(child, exited));
  void exited.then(forget);
  return { exited, pid: child.pid! };
}

async function stopChild(child: ChildProcess, exited: Promise<number>) {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await exited;
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", () => reject(new BenchFailure(`Port ${port} is in use; the bench needs it for its own server. Stop whatever listens there.`)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}
