// Real rows for tests, made through the same service functions the app uses.
import { randomBytes } from "node:crypto";
import { signUp } from "@/lib/auth/sign-up";

export const TEST_PASSWORD = "correct horse battery staple";

export function uniqueEmail(label = "user") {
  return `${label}-${randomBytes(4).toString("hex")}@example.test`;
}

export async function createUserWithOrganization(options: { name?: string; email?: string; organizationName?: string } = {}) {
  const email = options.email ?? uniqueEmail(options.name?.toLowerCase());
  const result = await signUp(
    { name: options.name ?? "Test User", email, password: TEST_PASSWORD, organizationName: options.organizationName },
    { source: "cli" },
  );
  if (!result.ok) throw new Error(`factory sign-up failed: ${JSON.stringify(result.fieldErrors)}`);
  return result;
}
