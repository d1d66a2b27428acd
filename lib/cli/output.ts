// How CLI commands talk back: human-readable lines by default, exactly one JSON
// document with --json (on stdout for results, stderr for errors).
import { inspect } from "node:util";
import { launcherEnv } from "@/lib/env";
import { AppError, ValidationError } from "@/lib/errors";

export class CliError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, {}, 2);
    this.name = "UsageError";
  }
}

/** Where the CLI writes: the process's streams, or a test's buffers (lib/cli/run-cli.ts). */
export type CliStreams = {
  stdout(line: string): void;
  stderr(line: string): void;
};

export type Output = {
  json: boolean;
  /** The command's result: `data` with --json, `text` otherwise. */
  result(data: unknown, text: string): void;
  /** Progress for people; silent with --json so stdout stays one JSON document. */
  info(line: string): void;
};

export function createOutput(json: boolean, streams: CliStreams): Output {
  return {
    json,
    result: (data, text) => streams.stdout(json ? JSON.stringify(data, null, 2) : text),
    info: (line) => {
      if (!json) streams.stderr(line);
    },
  };
}

export function printError(error: unknown, json: boolean, streams: CliStreams) {
  const known = error instanceof CliError || error instanceof AppError;
  const message = !known
    ? "Unexpected error: " + String((error as Error)?.message ?? error)
    : error instanceof ValidationError
      ? `${error.message}\n  ${Object.entries(error.fields).map(([field, messages]) => `${field}: ${messages.join(" ")}`).join("\n  ")}`
      : error.message;
  const details = error instanceof AppError ? { code: error.code, ...error.details } : known ? error.details : {};
  streams.stderr(json ? JSON.stringify({ error: message, ...details }) : `error: ${message}`);
  if (!known && launcherEnv().KEYWARD_DEBUG) streams.stderr(inspect(error));
}
