"use client";

import Link from "next/link";
import { useActionState } from "react";
import { signUpAction } from "@/app/(auth)/sign-up/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { IDLE, sentValue } from "@/lib/dashboard/form-state";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(signUpAction, IDLE);
  const errors = state.fieldErrors;
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <h1 className="text-lg font-semibold">Create your account</h1>
      <FormMessage state={state} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField label="Name" name="name" autoComplete="name" required defaultValue={sentValue(state, "name")} errors={errors.name} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required defaultValue={sentValue(state, "email")} errors={errors.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        errors={errors.password}
        hint="At least 10 characters. A few unrelated words work well."
      />
      <TextField
        label="Organization name"
        name="organizationName"
        autoComplete="organization"
        defaultValue={sentValue(state, "organizationName")}
        errors={errors.organizationName}
        hint="Optional. You can rename it later."
      />
      <SubmitButton pendingLabel="Creating account…">Create account</SubmitButton>
      <p className="text-center text-sm text-muted-foreground">
        Already have an account?{" "}
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand underline underline-offset-2">
          Sign in
        </Link>
      </p>
    </form>
  );
}
