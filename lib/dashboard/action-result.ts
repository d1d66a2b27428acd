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
    // The message names the real reasons too: not every form has a place for
    // every field (the rotate dialog has none for the successor's expiry).
    if (error instanceof ValidationError) return { ok: false, message: validationMessage(error.fields), fieldErrors: error.fields };
    if (error instanceof AppError) return { ok: false, message: error.message, fieldErrors: {} };
    console.error("[dashboard] action failed:", error);
    return { ok: false, message: "Something went wrong on our side. Try again in a moment.", fieldErrors: {} };
  }
}

function validationMessage(fields: FieldErrors): string {
  const reasons = Object.values(fields).flat().filter(Boolean);
  return reasons.length ? reasons.join(" ") : "Check the highlighted fields.";
}

function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK") || digest === "NEXT_NOT_FOUND");
}
