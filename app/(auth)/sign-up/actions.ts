"use server";

import { headers } from "next/headers";
import { signUp, type FieldErrors } from "@/lib/auth/sign-up";
import { clientIpFrom } from "@/lib/http/client-ip";

export type SignUpState = { ok: boolean; fieldErrors: FieldErrors; message?: string };

export async function signUpAction(input: { name: string; email: string; password: string; organizationName: string }): Promise<SignUpState> {
  const result = await signUp(
    { ...input, organizationName: input.organizationName.trim() || undefined },
    { source: "web", ip: clientIpFrom(await headers()) },
  );
  return result.ok ? { ok: true, fieldErrors: {} } : { ok: false, fieldErrors: result.fieldErrors, message: result.message ?? "Check the highlighted fields." };
}
