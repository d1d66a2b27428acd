"use server";

import { z } from "zod";
import { safeReturnPath } from "@/lib/auth/session-paths";
import { startDashboardSession } from "@/lib/auth/sign-in";
import { signUp } from "@/lib/auth/sign-up";
import { publicAction } from "@/lib/dashboard/form-action";

// The fields as the form sends them; signUp validates what they hold.
const SignUpForm = z.object({
  name: z.string().default(""),
  email: z.string().default(""),
  password: z.string().default(""),
  organizationName: z.string().default(""),
  callbackUrl: z.string().optional(),
});

/** Creates the account and its organization, and signs the new user in. */
export const signUpAction = publicAction({
  schema: SignUpForm,
  async run({ organizationName, callbackUrl: _, ...account }, { ip }) {
    const { user } = await signUp({ ...account, organizationName: organizationName.trim() || undefined }, { source: "web", ip });
    await startDashboardSession(user);
    return null;
  },
  redirectTo: (input) => safeReturnPath(input.callbackUrl),
});
