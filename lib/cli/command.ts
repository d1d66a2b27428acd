import type { ParseArgsConfig } from "node:util";
import type { Output } from "./output";

export type OptionValues = Record<string, string | boolean | undefined>;

export type Command = {
  /** One or two words, e.g. "users create". */
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(context: { values: OptionValues; positionals: string[]; output: Output; readStdin(): Promise<string> }): Promise<void>;
};
