// The standalone build's server.js (README, "The standalone build"), bundled
// by lib/runtime/standalone-artefact.ts in place of the one Next writes, so
// that the artefact serves with Keyward's own server (client address behind
// proxies, security headers, time-outs, load shedding, the drain on SIGTERM)
// rather than Next's bare one. It migrates the database before serving, as
// `npm start` does; `node migrate.js` does that step alone.
import { setFlagsFromString } from "node:v8";
import { bootStandalone } from "../../lib/runtime/standalone-boot";
import { reportBootFailure } from "../../lib/runtime/prepare-database";
import { SERVER_NODE_FLAGS } from "../process";
import { runAppServer } from "../run-app-server";
import { enterArtefactDir } from "./artefact-dir";

// `node server.js` takes no flags from us: the heap setting `npm start` passes on the command line
// (scripts/process.ts), set at run time. It takes effect so: a script churning promoted garbage over
// 80 MB live peaked at 207 MB of heap with either way of setting it, 454 MB with neither.
for (const flag of SERVER_NODE_FLAGS) setFlagsFromString(flag);
enterArtefactDir();
// NEXT_MANUAL_SIG_HANDLE: the server flushes buffered usage before it exits (lib/runtime/shutdown.ts).
Object.assign(process.env, { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_MANUAL_SIG_HANDLE: "1" });

const log = (line: string) => console.log(`[keyward] ${line}`);
Object.assign(process.env, await bootStandalone(log).catch(reportBootFailure));
await runAppServer({ dev: false });
