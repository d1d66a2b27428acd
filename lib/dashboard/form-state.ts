// What every dashboard form shows after its server action answers: the
// outcome, a message for the whole form, messages per field, and the values
// that were sent (so a refused form, re-rendered by the server when
// JavaScript is off, loses nothing the user typed). Client components read
// it through React's useActionState; lib/dashboard/form-action.ts makes it.
import type { FieldErrors } from "@/lib/errors";

export type FormValues = Record<string, string | string[]>;

export type FormState<T = null> =
  | { status: "idle"; message: null; fieldErrors: FieldErrors; values: FormValues; data: null }
  | { status: "error"; message: string; fieldErrors: FieldErrors; values: FormValues; data: null }
  | { status: "success"; message: string | null; fieldErrors: FieldErrors; values: FormValues; data: T };

/** A dashboard server action as `<form action>` and useActionState call it. */
export type FormAction<T = null> = (previous: FormState<T>, form: FormData) => Promise<FormState<T>>;

export const IDLE: FormState<never> = { status: "idle", message: null, fieldErrors: {}, values: {}, data: null };

/**
 * The value a field was last sent with (for defaultValue), else `fallback`.
 * A <select> given one also needs `key={sentValue(…)}`: React applies a
 * select's defaultValue only when it mounts, and React resets a form to its
 * defaults after each action.
 */
export function sentValue(state: FormState<unknown>, name: string, fallback = ""): string {
  const value = state.values[name];
  return typeof value === "string" ? value : fallback;
}

/** The values a multi-valued field (checkboxes) was last sent with, else `fallback`. */
export function sentValues(state: FormState<unknown>, name: string, fallback: readonly string[] = []): readonly string[] {
  if (state.status === "idle") return fallback;
  const value = state.values[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
