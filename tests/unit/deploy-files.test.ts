// The Dockerfile and compose.yaml cannot be built or run on Keyward's machines
// (no Docker daemon, no base images: README, "Docker"), so these checks are
// what can be had without: that the files agree with the app they deploy.
// The artefact they are built on is run for real by
// tests/system/standalone-artefact.test.ts.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { launcherEnv, serverEnv, SETTING_NAMES } from "@/lib/env";
import { BUILD_INPUTS } from "@/lib/runtime/build-fingerprint";
import { STANDALONE_DIR } from "@/lib/runtime/standalone-artefact";
import { dockerfileInstructions } from "../support/dockerfile";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

type Service = {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
};
const compose = parse(read("compose.yaml"), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const keyward = Object.entries(services).filter(([, service]) => service.build === ".");
const instances = keyward.filter(([, service]) => !service.command);

/** compose's `${NAME:?message}` filled in, as a .env file would: the secrets long enough to pass. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z_]+)(?::\?[^}]*)?\}/g, (_match, name: string) => `${name.toLowerCase()}-`.padEnd(40, "x"));
}

describe("compose.yaml", () => {
  test("runs PostgreSQL, Redis, the migrations once, and two app instances on different host ports", () => {
    expect(services.postgres?.image).toMatch(/^postgres:/);
    expect(services.redis?.image).toMatch(/^redis:/);
    expect(services.migrate?.command).toEqual(["node", "migrate.js"]);
    expect(instances).toHaveLength(2);
    const hostPorts = instances.map(([, service]) => service.ports?.[0]?.split(":")[0]);
    expect(new Set(hostPorts).size).toBe(2);
  });

  test("the instances start once PostgreSQL and Redis are healthy and the migrations are done", () => {
    for (const [, service] of instances) {
      expect(service.depends_on).toEqual({
        postgres: { condition: "service_healthy" },
        redis: { condition: "service_healthy" },
        migrate: { condition: "service_completed_successfully" },
      });
    }
    expect(services.postgres?.healthcheck?.test).toContain("pg_isready");
    expect(services.redis?.healthcheck?.test).toEqual(["CMD", "redis-cli", "ping"]);
  });

  test("sets only variables Keyward reads, and the app's own validation accepts them once the secrets are filled in", () => {
    for (const [name, service] of keyward) {
      const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, interpolate(String(value))]));
      expect(Object.keys(env).filter((key) => !SETTING_NAMES.includes(key)), name).toEqual([]);
      const settings = { ...launcherEnv(env), ...serverEnv(env) };
      // Each instance reaches the other services by their compose names.
      expect(new URL(settings.DATABASE_URL).host, name).toBe("postgres:5432");
      expect(settings.REDIS_URL && new URL(settings.REDIS_URL).host, name).toBe("redis:6379");
      // The drain fits in the grace period compose gives before it kills.
      expect(settings.KEYWARD_DRAIN_DELAY_MS + settings.KEYWARD_DRAIN_MS, name).toBeLessThan(30_000);
    }
    expect(read("compose.yaml")).toContain("stop_grace_period: 30s");
  });
});

describe("Dockerfile", () => {
  const lines = dockerfileInstructions(ROOT);
  const stageStarts = lines.flatMap((line, index) => (line.startsWith("FROM ") ? [index] : []));
  const runtime = lines.slice(stageStarts.at(-1));
  const instruction = (name: string) => runtime.filter((line) => line.startsWith(`${name} `));

  test("has separate dependency, build and runtime stages", () => {
    expect(lines.filter((line) => line.startsWith("FROM ")).map((line) => line.split(" AS ")[1])).toEqual(["deps", "build", "runtime"]);
    expect(lines.some((line) => line.startsWith("RUN ") && line.includes("npm ci"))).toBe(true);
    expect(lines.some((line) => line.startsWith("RUN ") && line.includes("npm run build"))).toBe(true);
  });

  test("the runtime stage copies the standalone build and nothing else, and runs server.js as a user that is not root", () => {
    expect(instruction("COPY")).toEqual([`COPY --from=build /app/${STANDALONE_DIR} ./`]);
    const user = instruction("USER");
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^USER (root|0)(:|$)/);
    // Everything after USER runs unprivileged; the server starts last.
    expect(runtime.findIndex((line) => line.startsWith("USER "))).toBeLessThan(runtime.findIndex((line) => line.startsWith("CMD ")));
    expect(instruction("CMD")).toEqual(['CMD ["node", "server.js"]']);
    expect(instruction("STOPSIGNAL")).toEqual(["STOPSIGNAL SIGTERM"]);
  });

  test("listens where it says, and its health check asks /api/health on that port", () => {
    const env = instruction("ENV").join(" ");
    expect(env).toMatch(/NODE_ENV=production/);
    const port = /PORT=(\d+)/.exec(env)?.[1];
    expect(instruction("EXPOSE")).toEqual([`EXPOSE ${port}`]);
    for (const [, service] of instances) expect(service.ports?.[0]?.split(":")[1]).toBe(port);
    // (tests/system/standalone-artefact.test.ts runs the health check's command against the artefact.)
    const healthcheck = instruction("HEALTHCHECK").join(" ");
    expect(healthcheck).toContain("/api/health");
    expect(healthcheck).toContain(`process.env.PORT || ${port}`);
    expect(existsSync(path.join(ROOT, "app", "api", "health", "route.ts"))).toBe(true);
  });

  test(".dockerignore keeps out local state and secrets, and none of the build's inputs", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#") && !line.startsWith("!"));
    for (const required of ["node_modules", ".next", ".keyward", ".env", "lib/generated"]) expect(ignored).toContain(required);
    // (lib/generated is meant to be left out, inside an input: the image generates it.)
    const matches = (pattern: string, file: string) => file === pattern || file.startsWith(`${pattern}/`);
    const needed = [...BUILD_INPUTS, "package.json", "scripts/build.ts", "scripts/prisma-generate.mjs", "scripts/schema-engine-stub.sh"];
    expect(needed.filter((file) => ignored.some((pattern) => matches(pattern, file)))).toEqual([]);
  });
});
