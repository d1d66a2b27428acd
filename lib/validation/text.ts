// Text that PostgreSQL can store. Its text and jsonb types refuse a NUL
// character and an unpaired UTF-16 surrogate ("\ud800" in JSON), so such input
// used to reach the database and come back as a 500 (issue 9). Every string a
// user sends that is stored goes through here first and is refused as a 400
// that names its field.
import { z } from "zod";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or null when it can. */
export function unstorableTextReason(value: string): string | null {
  if (value.includes("\u0000")) return "must not contain a NUL character";
  if (LONE_SURROGATE.test(value)) return "must be valid Unicode text (it contains an unpaired surrogate)";
  return null;
}

/** A single-line name: storable, and without control characters (newlines, tabs, escapes). */
export function unsafeNameReason(value: string): string | null {
  return unstorableTextReason(value) ?? (/[\u0000-\u001f\u007f]/.test(value) ? "must not contain control characters such as newlines or tabs" : null);
}

/** Adds the storable-text check to a string schema; `label` starts the message ("name must not…"). */
export function storableText(schema: z.ZodString, label: string, options: { singleLine?: boolean } = {}): z.ZodString {
  const reason = options.singleLine ? unsafeNameReason : unstorableTextReason;
  return schema.check(
    z.refine((value: string) => reason(value) === null, { error: (issue) => `${label} ${reason(String(issue.input))}.` }),
  ) as z.ZodString;
}

export type JsonLimits = { maxDepth: number; maxNodes: number };

/**
 * Problems of a JSON value that would be stored as jsonb: nesting deeper than
 * maxDepth (PostgreSQL and every reader pay for depth; thousands of levels
 * overflowed a stack), more than maxNodes values in all, and keys or strings
 * that cannot be stored. Iterative, so the check itself cannot overflow.
 * Paths are relative to the value; at most 10 problems are reported.
 */
export function jsonProblems(value: unknown, limits: JsonLimits): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  let nodes = 0;
  while (stack.length && problems.length < 10) {
    const { value: current, path } = stack.pop()!;
    if (++nodes > limits.maxNodes) {
      problems.push({ path: [], message: `must have at most ${limits.maxNodes} values in all.` });
      break;
    }
    if (typeof current === "string") {
      const reason = unstorableTextReason(current);
      if (reason) problems.push({ path, message: `This value ${reason}.` });
    } else if (typeof current === "number" && !Number.isFinite(current)) {
      // JSON.parse reads 1e400 as Infinity, which would be stored as null without a word.
      problems.push({ path, message: "This number is too large to store." });
    } else if (current !== null && typeof current === "object") {
      if (path.length >= limits.maxDepth) {
        problems.push({ path, message: `is nested too deeply: at most ${limits.maxDepth} levels.` });
        continue;
      }
      const entries: [string | number, unknown][] = Array.isArray(current) ? current.map((item, index) => [index, item]) : Object.entries(current);
      for (const [key, child] of entries) {
        if (typeof key === "string") {
          const reason = unstorableTextReason(key);
          if (reason) problems.push({ path: [...path, key], message: `This key ${reason}.` });
        }
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return problems;
}
