// Where `keyward scan` looks: files, folders, and a git repository's whole
// history. Each yields the checksum-valid keys it holds (key-pattern.ts), with
// where they are; the caller looks them up. Nothing here prints a secret.
import { spawn } from "node:child_process";
import { open, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { findKeysInText } from "./key-pattern";

/** Folders never worth scanning: git's own store (--git reads history properly) and installed dependencies. */
export const SKIPPED_FOLDERS = new Set([".git", "node_modules"]);
/** Larger files are skipped (logs, dumps, bundles), and said so. */
export const MAX_SCANNED_FILE_BYTES = 5 * 1024 * 1024;
/** Bytes read to decide that a file is binary: a NUL among them, as git decides. */
const BINARY_SNIFF_BYTES = 8_000;

export type KeyLocation = { path: string; line: number; column: number; commit?: string };
export type Finding = { secret: string; location: KeyLocation };
export type Skipped = { path: string; reason: "binary" | "too large" | "unreadable" };

/** Every key in these files and folders (recursively), and what was skipped. */
export async function scanPaths(paths: string[], prefix: string, onSkip: (skipped: Skipped) => void = () => {}): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const start of paths) {
    for await (const file of walk(start, onSkip)) {
      const text = await readTextFile(file, onSkip);
      if (text === null) continue;
      for (const key of findKeysInText(text, prefix)) findings.push({ secret: key.secret, location: { path: file, line: key.line, column: key.column } });
    }
  }
  return findings;
}

async function* walk(entry: string, onSkip: (skipped: Skipped) => void): AsyncGenerator<string> {
  let info;
  try {
    info = await stat(entry);
  } catch {
    onSkip({ path: entry, reason: "unreadable" });
    return;
  }
  if (info.isFile()) {
    if (info.size > MAX_SCANNED_FILE_BYTES) onSkip({ path: entry, reason: "too large" });
    else yield entry;
    return;
  }
  if (!info.isDirectory()) return;
  const children = await readdir(entry, { withFileTypes: true });
  children.sort((a, b) => a.name.localeCompare(b.name));
  for (const child of children) {
    if (child.isDirectory() && SKIPPED_FOLDERS.has(child.name)) continue;
    // Symbolic links are not followed: a link out of the tree (or in a loop) is not what was asked for.
    if (child.isSymbolicLink()) continue;
    yield* walk(path.join(entry, child.name), onSkip);
  }
}

async function readTextFile(file: string, onSkip: (skipped: Skipped) => void): Promise<string | null> {
  try {
    const handle = await open(file, "r");
    try {
      const head = Buffer.alloc(BINARY_SNIFF_BYTES);
      const { bytesRead } = await handle.read(head, 0, BINARY_SNIFF_BYTES, 0);
      if (head.subarray(0, bytesRead).includes(0)) {
        onSkip({ path: file, reason: "binary" });
        return null;
      }
    } finally {
      await handle.close();
    }
    return await readFile(file, "utf8");
  } catch {
    onSkip({ path: file, reason: "unreadable" });
    return null;
  }
}

/**
 * Every key ever added to the repository at `repo`, on any branch or tag:
 * the lines each commit added (`git log --all -p`), so a key committed and
 * deleted later is still found, at the commit and line that added it.
 * Binary changes are skipped (git prints no lines for them). A merge's own
 * changes are not read: what it brings in was added by the commits it merges.
 */
export async function scanGitHistory(repo: string, prefix: string): Promise<Finding[]> {
  const git = spawn(
    "git",
    ["-C", repo, "-c", "core.quotePath=false", "log", "--all", "--no-color", "--no-ext-diff", "--no-renames", "-p", "-U0", "--format=commit %H"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  git.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number>((resolve, reject) => {
    git.on("error", reject);
    git.on("close", (code) => resolve(code ?? 1));
  });
  const findings: Finding[] = [];
  let commit = "";
  let file: string | null = null;
  let line = 0;
  for await (const text of createInterface({ input: git.stdout, crlfDelay: Infinity })) {
    if (text.startsWith("commit ")) {
      commit = text.slice(7);
      file = null;
    } else if (text.startsWith("+++ ")) {
      file = text === "+++ /dev/null" ? null : text.replace(/^\+\+\+ b\//, "");
    } else if (text.startsWith("@@ ")) {
      line = Number(/^@@ -\S+ \+(\d+)/.exec(text)?.[1] ?? 0);
    } else if (text.startsWith("+") && file !== null) {
      for (const key of findKeysInText(text.slice(1), prefix)) {
        findings.push({ secret: key.secret, location: { commit, path: file, line, column: key.column } });
      }
      line++;
    } else if (text.startsWith(" ")) {
      line++;
    }
  }
  const code = await exited;
  if (code !== 0) throw new Error(`git log failed in ${repo}: ${stderr.trim() || `exit code ${code}`}`);
  return findings;
}

/** "path:line", or "commit:path:line" for history (the commit shortened as git does). */
export function describeLocation(location: KeyLocation): string {
  return `${location.commit ? `${location.commit.slice(0, 12)}:` : ""}${location.path}:${location.line}`;
}
