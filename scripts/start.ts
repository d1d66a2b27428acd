// `npm start`: the production server, ready on a fresh clone.
// Boots the runtime (database, secrets, migrations), builds when the sources
// changed since the last build, then runs the app server (scripts/serve.ts,
// Next's handler behind lib/server) and stays its parent so
// that it can shut everything down in order: the app first, the database last.
import path from "node:path";
import { launcherEnv } from "../lib/env";
import { bootRuntime, reportBootFailure } from "../lib/runtime/boot";
import { isBuildCurrent } from "../lib/runtime/build-fingerprint";
import { finishBuild } from "../lib/runtime/standalone-artefact";
import { Lifecycle, nextBin, serverCommand, waitUntilHealthy } from "./process";

const log = (line: string) => console.log(`[keyward] ${line}`);
// NEXT_MANUAL_SIG_HANDLE: the server flushes buffered usage before it exits (lib/runtime/shutdown.ts).
Object.assign(process.env, { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_MANUAL_SIG_HANDLE: "1" });

const lifecycle = new Lifecycle();
const runtime = await bootRuntime({ role: "app", production: true, log }).catch(reportBootFailure);
await lifecycle.holdDatabase(() => runtime.release());
const env = { ...process.env, ...runtime.env };
const { PORT, KEYWARD_SKIP_BUILD: skipBuild } = launcherEnv();
const port = String(PORT);

if (!skipBuild && !isBuildCurrent()) {
  log("Building the app (first start, or the sources changed)…");
  const code = await lifecycle.run(nextBin(), ["build"], env).exited;
  if (code !== 0) {
    if (!lifecycle.isStopping) console.error("\nKeyward could not start: `next build` failed (see above).\n");
    await lifecycle.exit(code);
  }
  await finishBuild().catch(async (error: Error) => {
    console.error(`\nKeyward could not start: the standalone build could not be completed: ${error.message}\n`);
    await lifecycle.exit(1);
  });
}

const server = lifecycle.run(...serverCommand(), { ...env, PORT: port });
if (await waitUntilHealthy(port, server.exited)) {
  log(`Keyward is ready: open http://localhost:${port}` + (runtime.embeddedDataDir ? ` (embedded PostgreSQL, data in ${displayPath(runtime.embeddedDataDir)})` : ""));
}
await lifecycle.exit(await server.exited);

/** Relative to the project when inside it, absolute otherwise. */
function displayPath(dir: string) {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith("..") ? relative : dir;
}
