"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { signUpAction, type SignUpState } from "@/app/(auth)/sign-up/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

const EMPTY = { name: "", email: "", password: "", organizationName: "" };

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [values, setValues] = useState(EMPTY);
  const [state, setState] = useState<SignUpState>({ ok: false, fieldErrors: {} });
  const [pending, setPending] = useState(false);
  const set = (field: keyof typeof EMPTY) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    try {
      const result = await signUpAction(values);
      setState(result);
      if (result.ok) {
        const signedIn = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
        window.location.assign(signedIn?.ok ? callbackUrl : "/sign-in");
        return;
      }
    } catch {
      setState({ ok: false, fieldErrors: {}, message: "Could not reach Keyward. Check your connection and try again." });
    }
    setPending(false);
  }

  const errors = state.fieldErrors;
  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <h1 className="text-lg font-semibold">Create your account</h1>
      {state.message && !state.ok && <Alert tone="error">{state.message}</Alert>}
      <TextField label="Name" name="name" autoComplete="name" required value={values.name} onChange={set("name")} errors={errors.name} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required value={values.email} onChange={set("email")} errors={errors.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        value={values.password}
        onChange={set("password")}
        errors={errors.password}
        hint="At least 10 characters. A few unrelated words work well."
      />
      <TextField
        label="Organization name"
        name="organizationName"
        autoComplete="organization"
        value={values.organizationName}
        onChange={set("organizationName")}
        errors={errors.organizationName}
        hint="Optional. You can rename it later."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-zinc-600">
        Already have an account?{" "}
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
