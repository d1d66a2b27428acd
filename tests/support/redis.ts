// Redis for the tests that are about Redis. TEST_REDIS_URL picks the server
// (CI: the machine's redis://127.0.0.1:6379, which is also the default); when
// it does not answer, those tests are skipped, and their names say why.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { redisAnswers } from "../../lib/redis/client";

export { redisAnswers };

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** "(needs Redis at …)" or "(skipped: no Redis answers at …)", for test names. */
export function redisLabel(available: boolean) {
  return available ? `(Redis at ${TEST_REDIS_URL})` : `(skipped: no Redis answers at ${TEST_REDIS_URL}; set TEST_REDIS_URL)`;
}

export const REDIS_SERVER_BINARY = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((path) => existsSync(path)) ?? null;

/** A throw-away redis-server of the test's own, that the test can stop and start again. */
export class OwnRedisServer {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    if (!REDIS_SERVER_BINARY) throw new Error("redis-server is not installed");
    this.child = spawn(REDIS_SERVER_BINARY, ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const deadline = Date.now() + 10_000;
    while (!(await redisAnswers(this.url))) {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGSTOP: the process hangs with its socket open, as a stuck Redis does. */
  pause() {
    this.child?.kill("SIGSTOP");
  }

  resume() {
    this.child?.kill("SIGCONT");
  }

  async stop() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    child.kill("SIGCONT"); // a paused process would not act on SIGKILL until resumed on some systems
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }
}
