// `npm run build`: Next's production build, completed into the standalone
// artefact (.next/standalone: `node server.js`, `node migrate.js`), then the
// fingerprint of its sources that `npm start` and `npm test` check, so a build
// made here is not made again when the app starts (issue 13).
import { spawnSync } from "node:child_process";
import { finishBuild } from "../lib/runtime/standalone-artefact";
import { nextBin } from "./process";

const result = spawnSync(nextBin(), ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
if (result.status === 0) await finishBuild();
process.exit(result.status ?? 1);
