// The Dockerfile's instructions, one a line (continuations joined, comments
// dropped), for tests that check it against the app: it cannot be built here.
import { readFileSync } from "node:fs";
import path from "node:path";

export function dockerfileInstructions(root = process.cwd()): string[] {
  return readFileSync(path.join(root, "Dockerfile"), "utf8")
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
}

/** The HEALTHCHECK's command, as the exec-form array Docker runs. */
export function healthcheckCommand(root = process.cwd()): string[] {
  const line = dockerfileInstructions(root).find((instruction) => instruction.startsWith("HEALTHCHECK "));
  const exec = line && /\bCMD (\[.*\])$/.exec(line)?.[1];
  if (!exec) throw new Error("The Dockerfile has no HEALTHCHECK … CMD [\"…\"] instruction.");
  return JSON.parse(exec) as string[];
}
