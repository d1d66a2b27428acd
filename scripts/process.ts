import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export function nextBin(): string {
  return path.join(process.cwd(), "node_modules", ".bin", "next");
}

/** Keyward's app server (scripts/serve.ts): Next's handler behind lib/server. PORT, HOST and TRUSTED_PROXIES come from the environment. */
export function serverCommand(options: { dev?: boolean } = {}): [string, string[]] {
  return [process.execPath, ["--import", "tsx", path.join(process.cwd(), "scripts", "serve.ts"), ...(options.dev ? ["--dev"] : [])]];
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
