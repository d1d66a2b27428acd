// A real PgBouncer (Debian's `pgbouncer` package, as .ci/run installs it) in
// transaction pooling mode, in front of a test PostgreSQL: the way many
// deployments put several app instances on one database.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const PGBOUNCER_BIN = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((candidate) => existsSync(candidate)) ?? null;

export type PgBouncer = {
  port: number;
  /** The same URL, with PgBouncer's address in place of the server's. */
  through(url: string): string;
  output(): string;
  stop(): Promise<void>;
};

/**
 * Starts PgBouncer on 127.0.0.1:port, pooling every database of `serverUrl`'s
 * server and trusting every client. It logs in to the server as `serverUrl`'s
 * user, or as `serverRole` (whoever the client is), as a deployment whose app
 * role may read and write but not change the schema.
 */
export async function startPgBouncer(options: { port: number; serverUrl: string; serverRole?: { name: string; password: string }; poolSize?: number }): Promise<PgBouncer> {
  if (!PGBOUNCER_BIN) throw new Error("pgbouncer is not installed (apt-get install pgbouncer)");
  const server = new URL(options.serverUrl);
  const dir = mkdtempSync(path.join(tmpdir(), "keyward-pgbouncer-"));
  // PgBouncer refuses to run as root; as root it is started as `postgres` (-u), which must read these files.
  chmodSync(dir, 0o755);
  const user = decodeURIComponent(server.username || "postgres");
  writeFileSync(path.join(dir, "userlist.txt"), `"${user}" ""\n`);
  writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      // With a password here, PgBouncer logs in by itself (SCRAM included, as the embedded server asks).
      `* = host=${server.hostname} port=${server.port || 5432}` + serverLogin(options.serverRole ?? { name: user, password: decodeURIComponent(server.password) }),
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${options.port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(dir, "userlist.txt")}`,
      "pool_mode = transaction",
      `default_pool_size = ${options.poolSize ?? 8}`,
      "max_client_conn = 500",
      "ignore_startup_parameters = extra_float_digits",
      "",
    ].join("\n"),
  );
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(PGBOUNCER_BIN, [...(asRoot ? ["-u", pgbouncerUser()] : []), path.join(dir, "pgbouncer.ini")], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitForPort(options.port, exited, () => output);
  return {
    port: options.port,
    through(url) {
      const parsed = new URL(url);
      parsed.hostname = "127.0.0.1";
      parsed.port = String(options.port);
      return parsed.toString();
    },
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

function serverLogin(role: { name: string; password: string }) {
  return role.password ? ` user=${role.name} password=${role.password}` : "";
}

function pgbouncerUser() {
  // Debian's package runs it as `postgres`; any unprivileged user would do.
  return spawnSync("id", ["-u", "postgres"]).status === 0 ? "postgres" : "nobody";
}

async function waitForPort(port: number, exited: Promise<void>, output: () => string) {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`pgbouncer exited at start:\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => (socket.end(), resolve(true)));
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`pgbouncer did not listen on ${port} within 10 s:\n${output()}`);
}
