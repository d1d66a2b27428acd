// `npm run build`: Next's production build, then the fingerprint of its
// sources that `npm start` and `npm test` check, so a build made here is not
// made again when the app starts (issue 13).
import { spawnSync } from "node:child_process";
import { recordBuildFingerprint } from "../lib/runtime/build-fingerprint";
import { nextBin } from "./process";

const result = spawnSync(nextBin(), ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
if (result.status === 0) recordBuildFingerprint();
process.exit(result.status ?? 1);
