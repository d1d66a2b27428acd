// The app server process: Keyward's server (lib/server) around Next's handler.
// Started by `npm start` (production) and `npm run dev` (with --dev), which
// boot the database first and pass its URL in the environment.
import { runAppServer } from "./run-app-server";

await runAppServer({ dev: process.argv.includes("--dev") });
