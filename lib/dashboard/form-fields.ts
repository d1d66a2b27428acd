// zod pieces for what an HTML form sends: every field arrives as a string,
// a repeated name (a checkbox group) as a string or an array of them, and an
// unchecked checkbox not at all.
import { z } from "zod";

/** A checkbox group: the values checked, however many. */
export function checkedValues<T extends z.ZodType<string>>(item: T) {
  return z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item));
}

/** A single checkbox: true when it was checked. */
export const checkbox = z.preprocess((value) => value !== undefined && value !== "" && value !== "false", z.boolean());

/** A text field that may be left empty: trimmed, and "" becomes undefined. */
export function optionalText<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());
}

/** A hidden field naming the record the form acts on. */
export const recordId = z.string().uuid("This form is out of date. Reload the page.");
