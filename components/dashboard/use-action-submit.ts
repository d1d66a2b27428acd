"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/dashboard/action-result";
import type { FieldErrors } from "@/lib/errors";

export type SubmitStatus = { tone: "success" | "error"; text: string };

/**
 * Runs a server action from a dashboard form and keeps what the form shows:
 * pending, field errors, and a success or error message (nothing fails
 * silently). On success the page's server data is refreshed.
 */
export function useActionSubmit() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<SubmitStatus | null>(null);

  /** True when the action succeeded. */
  async function submit(run: () => Promise<ActionResult>, success: string): Promise<boolean> {
    setPending(true);
    const result = await run().catch(() => null);
    setPending(false);
    if (!result) {
      setStatus({ tone: "error", text: "Could not reach Keyward. Try again." });
      return false;
    }
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setStatus({ tone: "error", text: result.message });
      return false;
    }
    setErrors({});
    setStatus({ tone: "success", text: success });
    router.refresh();
    return true;
  }

  return { pending, errors, status, submit };
}
