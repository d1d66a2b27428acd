// `npm run keyward -- <command>`: the operator CLI. It shares lib/ and the
// database settings with the app (lib/runtime/boot.ts): with DATABASE_URL it
// uses that server; without, it uses the embedded database, borrowing the one
// the running app started or starting (and afterwards stopping) it itself.
// The CLI itself is lib/cli/run-cli.ts; this file only gives it the process.
import { logToStderr } from "../logging/logger";
import { runCli } from "./run-cli";

logToStderr(); // stdout is the command's answer (--json output a script parses)
process.exitCode = await runCli(process.argv.slice(2));
