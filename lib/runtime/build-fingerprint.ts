// Decides whether `npm start` must run `next build` first: a content hash of
// everything that goes into the build, stored beside the build output. Content,
// not modification times, because a fresh `git clone` touches every file.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Everything `next build` and the standalone artefact are made from (the Docker build context must keep them). */
export const BUILD_INPUTS = [
  "app", "components", "lib", "public", "types", "prisma/schema.prisma",
  "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "instrumentation.ts",
  // Bundled into the standalone build's server.js and migrate.js (standalone-artefact.ts).
  "scripts/standalone", "scripts/run-app-server.ts", "scripts/process.ts", "prisma/migrations",
];
const SKIP = new Set(["node_modules", "generated", ".next"]);
const FINGERPRINT_FILE = path.join(".next", "keyward-build-fingerprint");

export function computeBuildFingerprint(root = process.cwd()): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) if (!SKIP.has(entry)) visit(path.join(relative, entry));
      return;
    }
    hash.update(relative).update("\0").update(readFileSync(full)).update("\0");
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

export function isBuildCurrent(root = process.cwd()): boolean {
  const file = path.join(root, FINGERPRINT_FILE);
  return existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(file) && readFileSync(file, "utf8") === computeBuildFingerprint(root);
}

export function recordBuildFingerprint(root = process.cwd()) {
  writeFileSync(path.join(root, FINGERPRINT_FILE), computeBuildFingerprint(root));
}
