// Query parameters of dashboard pages. Next hands a page `string | string[]`
// for each (a repeated ?q=a&q=b is an array), and a page that called .trim()
// on it crashed (issue 9). Pages read their parameters only through here.
import { unstorableTextReason } from "@/lib/validation/text";

export type RawSearchParams = Record<string, string | string[] | undefined>;

/** Long enough for any filter a person types; longer values are ignored. */
const MAX_LENGTH = 500;

/**
 * The first value of each named parameter, as a string: "" when it is
 * absent, too long, or text the database could not compare against (a NUL).
 */
export function readSearchParams<const Name extends string>(raw: RawSearchParams, names: readonly Name[]): Record<Name, string> {
  const out = {} as Record<Name, string>;
  for (const name of names) {
    const value = raw[name];
    const first = Array.isArray(value) ? value[0] : value;
    out[name] = typeof first === "string" && first.length <= MAX_LENGTH && unstorableTextReason(first) === null ? first : "";
  }
  return out;
}
