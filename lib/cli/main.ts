// `npm run keyward -- <command>`: the operator CLI. It shares lib/ and the
// database settings with the app (lib/runtime/boot.ts): with DATABASE_URL it
// uses that server; without, it uses the embedded database, borrowing the one
// the running app started or starting (and afterwards stopping) it itself.
import { parseArgs } from "node:util";
import { text } from "node:stream/consumers";
import { launcherEnv } from "../env";
import { logToStderr } from "../logging/logger";
import { bootRuntime, reportBootFailure } from "../runtime/boot";
import type { Command } from "./command";
import { commands } from "./commands";
import { createOutput, printError, UsageError } from "./output";

const GLOBAL_OPTIONS = { json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

function helpText(): string {
  const lines = commands.map((command) => `  ${command.name.padEnd(16)} ${command.summary}`);
  return [
    "Usage: npm run keyward -- <command> [options] [--json]",
    "",
    "Commands:",
    ...lines,
    "",
    "Every command takes --json for machine-readable output, and --help for its options.",
  ].join("\n");
}

function findCommand(args: string[]): { command: Command; rest: string[] } | null {
  for (const command of commands) {
    const words = command.name.split(" ");
    if (words.every((word, i) => args[i] === word)) return { command, rest: args.slice(words.length) };
  }
  return null;
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const found = findCommand(argv);
  if (!found) {
    if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
      console.log(helpText());
      return 0;
    }
    printError(new UsageError(`unknown command "${argv.filter((a) => !a.startsWith("-")).slice(0, 2).join(" ")}".\n\n${helpText()}`), json);
    return 2;
  }
  const { command, rest } = found;
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true }));
  } catch (error) {
    printError(new UsageError(`${(error as Error).message}\nUsage: npm run keyward -- ${command.usage}`), json);
    return 2;
  }
  if (values.help) {
    console.log(`Usage: npm run keyward -- ${command.usage}\n\n${command.summary}`);
    return 0;
  }

  const output = createOutput(json);
  const runtime = await bootRuntime({ role: "cli", production: launcherEnv().NODE_ENV === "production", log: output.info }).catch(
    reportBootFailure,
  );
  Object.assign(process.env, runtime.env);
  try {
    logToStderr(); // stdout is the command's answer
    await command.run({ values, positionals, output, readStdin: () => text(process.stdin) });
    return 0;
  } catch (error) {
    printError(error, json);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    const { stopServices } = await import("../runtime/services");
    await stopServices();
    await runtime.release();
  }
}

process.exitCode = await main(process.argv.slice(2));
