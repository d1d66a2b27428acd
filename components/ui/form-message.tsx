import type { FormState } from "@/lib/dashboard/form-state";
import { Alert } from "./alert";

/**
 * What a form's last answer says about the whole form: the refusal (an
 * alert), or the success message. Nothing before the first answer.
 */
export function FormMessage({ state }: { state: FormState<unknown> }) {
  if (state.status === "error") return <Alert tone="error">{state.message}</Alert>;
  if (state.status === "success" && state.message) return <Alert tone="success">{state.message}</Alert>;
  return null;
}
