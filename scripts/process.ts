import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

export function nextBin(): string {
  return path.join(process.cwd(), "node_modules", ".bin", "next");
}

/**
 * V8's heap growth for the app server. By default V8 lets the old generation
 * grow to up to 4x what survived the last full collection before it collects
 * again, so a burst of 1,000 connections left 200 MB of garbage standing for
 * about 25 s (until V8's idle "memory reducer" ran), and sustained load could
 * reach several times the live heap: enough for a container's memory limit to
 * kill the process. At 1.5x, the peak after four such bursts was 339 MB
 * instead of 420 MB, with the same throughput on /api/v1/me and
 * /api/v1/resources measured side by side (0.98 and 1.01).
 * (`--optimize-for-size` held memory flat but cost 25-43% of throughput.)
 */
export const SERVER_NODE_FLAGS = ["--heap-growing-percent=50"];

/** Keyward's app server (scripts/serve.ts): Next's handler behind lib/server. PORT, HOST and TRUSTED_PROXIES come from the environment. */
export function serverCommand(options: { dev?: boolean } = {}): [string, string[]] {
  return [process.execPath, [...SERVER_NODE_FLAGS, "--import", "tsx", path.join(process.cwd(), "scripts", "serve.ts"), ...(options.dev ? ["--dev"] : [])]];
}

/** CPU time (user + system, every thread) a process has used, in ms; null where /proc is not there. Resolution: one clock tick (10 ms). */
export function cpuTimeMs(pid: number): number | null {
  try {
    // Split after the command name's closing parenthesis (the name may hold spaces): utime and stime are then the 12th and 13th fields.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
/** USER_HZ: 100 on every Linux architecture Node.js runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Resident memory of a process in MB (what a container's memory limit counts); null where /proc is not there (not Linux). */
export function residentMb(pid: number): number | null {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;
  } catch {
    return null;
  }
}

/**
 * Owns the shutdown of a start script. On SIGINT or SIGTERM, at any point
 * (booting, building, serving), it stops the current child process first and
 * only then releases the database, so the app can finish its in-flight work
 * (and flush what it buffers) while the database is still there.
 */
export class Lifecycle {
  private child: ChildProcess | null = null;
  private releaseDatabase: (() => Promise<void>) | null = null;
  private stopping = false;

  constructor() {
    process.on("SIGINT", () => void this.shutdown(0));
    process.on("SIGTERM", () => void this.shutdown(0));
  }

  /** Registers the database to release last. If a signal came during boot, shuts down now. */
  async holdDatabase(release: () => Promise<void>) {
    this.releaseDatabase = release;
    if (this.stopping) await this.finish(0);
  }

  /** Runs a child process to completion; a signal meanwhile stops it and the script. */
  run(command: string, args: string[], env: NodeJS.ProcessEnv): { exited: Promise<number> } {
    const child = spawn(command, args, { env, stdio: "inherit" });
    this.child = child;
    const exited = new Promise<number>((resolve) =>
      child.on("close", (code, signal) => {
        if (this.child === child) this.child = null;
        resolve(code ?? (signal ? 128 : 1));
      }),
    );
    return { exited };
  }

  /** Ends the script after its last child exited by itself. */
  async exit(code: number): Promise<never> {
    return this.finish(code);
  }

  private async shutdown(code: number) {
    if (this.stopping) return;
    this.stopping = true;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const closed = new Promise((resolve) => child.once("close", resolve));
      child.kill("SIGTERM");
      await closed;
    }
    // A release registered later (boot still running) finishes via holdDatabase.
    if (this.releaseDatabase) await this.finish(code);
  }

  private async finish(code: number): Promise<never> {
    const release = this.releaseDatabase;
    this.releaseDatabase = null;
    await release?.();
    process.exit(code);
  }

  get isStopping() {
    return this.stopping;
  }
}

/** Resolves true once /api/health answers 200, false if `exited` settles first. */
export async function waitUntilHealthy(port: string, exited: Promise<number>): Promise<boolean> {
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
