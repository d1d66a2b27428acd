import type { ParseArgsConfig } from "node:util";
import type { Output } from "./output";

export type OptionValues = Record<string, string | boolean | undefined>;

export type Command = {
  /** One or two words, e.g. "users create". */
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Resolves to the exit code when it is not simply 0 (`scan` exits 1 when it finds a working key). */
  run(context: { values: OptionValues; positionals: string[]; output: Output; readStdin(): Promise<string> }): Promise<void | number>;
};
