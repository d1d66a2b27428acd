"use server";

import { z } from "zod";
import { safeReturnPath } from "@/lib/auth/session-paths";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { publicAction } from "@/lib/dashboard/form-action";

// Only "is it there" here: a wrong email and a wrong password get one answer, from the service.
const SignInForm = z.object({
  email: z.string().trim().min(1, "Enter your email address."),
  password: z.string().min(1, "Enter your password."),
  callbackUrl: z.string().optional(),
});

export const signInAction = publicAction({
  schema: SignInForm,
  run: (input, { ip }) => signInWithPassword({ email: input.email, password: input.password, ip }),
  redirectTo: (input) => safeReturnPath(input.callbackUrl),
});
