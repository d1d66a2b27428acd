"use client";

import Link from "next/link";
import { useActionState } from "react";
import { signInAction } from "@/app/(auth)/sign-in/actions";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { IDLE, sentValue } from "@/lib/dashboard/form-state";

// Errors next-auth's own sign-in endpoint puts in the URL (?error=…), for a
// client that used it and was sent here. Any other code gets the last line, never an echo.
const NEXT_AUTH_ERRORS: Record<string, string> = {
  Throttled: "Too many failed sign-ins. Wait 15 minutes, then try again.",
  CredentialsSignin: "Incorrect email or password.",
  Busy: "Keyward is busy checking other sign-ins. Try again in a few seconds.",
};
const UNAVAILABLE = "Sign-in is unavailable right now. Try again in a moment.";

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const [state, action] = useActionState(signInAction, IDLE);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <h1 className="text-lg font-semibold">Sign in</h1>
      {state.status === "idle" && initialError && <Alert tone="error">{NEXT_AUTH_ERRORS[initialError] ?? UNAVAILABLE}</Alert>}
      <FormMessage state={state} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required defaultValue={sentValue(state, "email")} errors={state.fieldErrors.email} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={state.fieldErrors.password} />
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
      <p className="text-center text-sm text-muted-foreground">
        New to Keyward?{" "}
        <Link href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand underline underline-offset-2">
          Create an account
        </Link>
      </p>
    </form>
  );
}
