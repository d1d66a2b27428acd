// The one shape of a dashboard mutation. Every form is a `<form action>` whose
// server action is made here, and does the same steps in the same order:
//   1. read the session and the member's role (never trusted from the form);
//   2. parse the form with zod;
//   3. run the service function, which throws AppError for what it refuses;
//   4. revalidate what changed, then redirect if the form leads somewhere.
// Errors become form state in one place (`failedState`), as lib/api/
// error-response.ts is for the API. The same action serves a page with
// JavaScript (React calls it) and without (the browser posts the form and
// Next renders the page with the answer), so nothing here assumes a client.
import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { clientIpFrom } from "@/lib/http/client-ip";
import { AppError, fieldErrorsFrom, ValidationError, type FieldErrors } from "@/lib/errors";
import { logger } from "@/lib/logging/logger";
import { requireActingMember, type ActingMember } from "./acting-member";
import type { FormAction, FormState, FormValues } from "./form-state";

type Steps<S extends z.ZodType, T, Context> = {
  /** The form's fields (all strings, or string arrays for repeated names). */
  schema: S;
  run: (input: z.output<S>, context: Context) => Promise<T>;
  /** What the form says when it worked; null says nothing (the page shows the change). */
  success?: string | ((data: T) => string | null);
  /** Paths whose server data changed (a path ending in "/*" revalidates its whole layout). */
  revalidate?: string[] | ((input: z.output<S>, data: T) => string[]);
  /** A service's field name → the form's, where they differ (the service's expiresAt is the form's expiry). */
  fieldNames?: Record<string, string>;
  /** Where to go afterwards, if anywhere (post/redirect/get, so a reload repeats nothing). */
  redirectTo?: (input: z.output<S>, data: T) => string | null;
};

/**
 * An action for a signed-in member of the current organization. `returnTo`
 * is where a signed-out visitor comes back to after signing in.
 */
export function memberAction<S extends z.ZodType, T = null>(options: Steps<S, T, ActingMember> & { returnTo: string }): FormAction<T> {
  // The role travels in the context; the service checks it, inside its own transaction.
  return formAction(options, () => requireActingMember(options.returnTo));
}

/** An action for anyone (sign-in, sign-up): the context is the client's address. */
export function publicAction<S extends z.ZodType, T = null>(options: Steps<S, T, { ip: string | null }>): FormAction<T> {
  return formAction(options, async () => ({ ip: clientIpFrom(await headers()) }));
}

function formAction<S extends z.ZodType, T, Context>(steps: Steps<S, T, Context>, context: () => Promise<Context>): FormAction<T> {
  return async (_previous, form) => {
    const values = formValues(form);
    let next: string | null = null;
    let state: FormState<T>;
    try {
      const actor = await context();
      const parsed = steps.schema.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
      const data = await steps.run(parsed.data, actor);
      for (const path of typeof steps.revalidate === "function" ? steps.revalidate(parsed.data, data) : (steps.revalidate ?? [])) {
        if (path.endsWith("/*")) revalidatePath(path.slice(0, -2) || "/", "layout");
        else revalidatePath(path);
      }
      next = steps.redirectTo?.(parsed.data, data) ?? null;
      const message = typeof steps.success === "function" ? steps.success(data) : (steps.success ?? null);
      state = { status: "success", message, fieldErrors: {}, values: echoed(values), data };
    } catch (error) {
      state = failedState(error, values, steps.fieldNames);
    }
    // Outside the try: redirect() works by throwing.
    if (next) redirect(next);
    return state;
  };
}

/**
 * The one place where a refused or failed action becomes what the form shows.
 * A field error the form has no field for (a dialog's refusal about the
 * key's expiry) is told in the form's message, so a refusal always names
 * its reason; "check the highlighted fields" only when something is highlighted.
 */
export function failedState(error: unknown, values: FormValues, fieldNames: Record<string, string> = {}): FormState<never> {
  // redirect() and notFound() from a step (a signed-out member is sent to sign in): Next's to handle.
  if (isNextControlFlow(error)) throw error;
  const state = { status: "error" as const, values: echoed(values), data: null };
  if (error instanceof ValidationError) {
    const fieldErrors: FieldErrors = {};
    const unshown: string[] = [];
    for (const [name, messages] of Object.entries(error.fields)) {
      // An entry of a list field ("allowedIps.2") is shown under the list's one control.
      const base = name.split(".")[0]!;
      const field = fieldNames[name] ?? fieldNames[base] ?? (name in values ? name : base);
      if (field in values) (fieldErrors[field] ??= []).push(...messages);
      else unshown.push(...messages);
    }
    const message = unshown.join(" ") || (Object.keys(fieldErrors).length ? "Check the highlighted fields." : error.message);
    return { ...state, message, fieldErrors };
  }
  if (error instanceof AppError) return { ...state, message: error.message, fieldErrors: {} };
  logger().error({ err: error }, "[dashboard] action failed");
  return { ...state, message: "Something went wrong on our side. Try again in a moment.", fieldErrors: {} };
}

/**
 * A FormData as plain values: a name sent once is a string, a name sent more
 * than once (checkboxes) an array. React's own fields ($ACTION_…) are dropped.
 */
export function formValues(form: FormData): FormValues {
  const values: FormValues = {};
  for (const name of new Set(form.keys())) {
    if (name.startsWith("$ACTION")) continue;
    const all = form.getAll(name).filter((value): value is string => typeof value === "string");
    if (all.length) values[name] = all.length === 1 ? all[0]! : all;
  }
  return values;
}

// Never sent back into the page: a password re-rendered into HTML could be cached or shown.
const UNECHOED = /password|secret|token/i;

function echoed(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([name]) => !UNECHOED.test(name)));
}

function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK") || digest === "NEXT_NOT_FOUND");
}
