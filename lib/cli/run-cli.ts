// The operator CLI as a function: arguments and streams in, exit code out.
// lib/cli/main.ts runs it on the process's own arguments and streams; tests
// call it in-process, since a process per call (tsx compiling lib/ afresh,
// Prisma, a database connection) took seconds each on a busy machine (issue 13).
import { parseArgs } from "node:util";
import { text } from "node:stream/consumers";
import { launcherEnv, serverEnv } from "../env";
import { bootFailureMessage, bootRuntime, type Runtime } from "../runtime/boot";
import type { Command } from "./command";
import { commands } from "./commands";
import { createOutput, printError, UsageError, type CliStreams } from "./output";

export type CliIo = CliStreams & {
  /** All of standard input, for --password-stdin. */
  readStdin(): Promise<string>;
};

/** The process's own streams. */
export const processIo: CliIo = {
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
  readStdin: () => text(process.stdin),
};

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

/**
 * Runs one command and returns its exit code: 0 done, 1 failed, 2 usage error.
 * It boots as `npm run keyward` does (the configured or embedded database,
 * secrets, migrations), adds the booted settings to the environment, and stops
 * the process's services before it returns.
 */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const json = argv.includes("--json");
  const found = findCommand(argv);
  if (!found) {
    if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
      io.stdout(helpText());
      return 0;
    }
    printError(new UsageError(`unknown command "${argv.filter((a) => !a.startsWith("-")).slice(0, 2).join(" ")}".\n\n${helpText()}`), json, io);
    return 2;
  }
  const { command, rest } = found;
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true }));
  } catch (error) {
    printError(new UsageError(`${(error as Error).message}\nUsage: npm run keyward -- ${command.usage}`), json, io);
    return 2;
  }
  if (values.help) {
    io.stdout(`Usage: npm run keyward -- ${command.usage}\n\n${command.summary}`);
    return 0;
  }

  const output = createOutput(json, io);
  let runtime: Runtime;
  try {
    runtime = await bootRuntime({ role: "cli", production: launcherEnv().NODE_ENV === "production", log: output.info });
  } catch (error) {
    io.stderr(bootFailureMessage(error));
    return 1;
  }
  Object.assign(process.env, runtime.env);
  try {
    // As the app server does at start (instrumentation.ts): a bad setting is named
    // before the command runs, not met halfway through it (e.g. a bcrypt cost production refuses).
    serverEnv();
  } catch (error) {
    io.stderr(bootFailureMessage(error));
    await runtime.release();
    return 1;
  }
  try {
    return (await command.run({ values, positionals, output, readStdin: io.readStdin })) ?? 0;
  } catch (error) {
    printError(error, json, io);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    const { stopServices } = await import("../runtime/services");
    await stopServices();
    await runtime.release();
  }
}
