// What a dashboard server action answers: data, or an error the form can show
// (a message, and messages per field). The one place where errors become
// action results, as lib/api/error-response.ts is for the API.
import { AppError, ValidationError, type FieldErrors } from "@/lib/errors";

export type ActionResult<T = null> = { ok: true; data: T } | { ok: false; message: string; fieldErrors: FieldErrors };

export async function runAction<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    // redirect() and notFound() work by throwing; let Next handle them.
    if (isNextControlFlow(error)) throw error;
    if (error instanceof ValidationError) return { ok: false, message: "Check the highlighted fields.", fieldErrors: error.fields };
    if (error instanceof AppError) return { ok: false, message: error.message, fieldErrors: {} };
    console.error("[dashboard] action failed:", error);
    return { ok: false, message: "Something went wrong on our side. Try again in a moment.", fieldErrors: {} };
  }
}

/**
 * A failure in words, for a place with no fields to highlight (a dialog): the
 * field errors' own reasons rather than "check the highlighted fields", which
 * there would point at nothing. A refusal always names its reason.
 */
export function failureText(result: { message: string; fieldErrors: FieldErrors }): string {
  const reasons = Object.values(result.fieldErrors).flat().filter(Boolean);
  return reasons.length ? reasons.join(" ") : result.message;
}

function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK") || digest === "NEXT_NOT_FOUND");
}
