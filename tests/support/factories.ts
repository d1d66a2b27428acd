// Real rows for tests, made through the same service functions the app uses.
import { randomBytes } from "node:crypto";
import { signUp } from "@/lib/auth/sign-up";
import type { KeyActor } from "@/lib/api-keys/actor";
import type { CreateApiKeyInput } from "@/lib/api-keys/schemas";

export const TEST_PASSWORD = "correct horse battery staple";

export function uniqueEmail(label = "user") {
  return `${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomBytes(4).toString("hex")}@example.test`;
}

export async function createUserWithOrganization(options: { name?: string; email?: string; organizationName?: string } = {}) {
  const email = options.email ?? uniqueEmail(options.name?.toLowerCase());
  return signUp({ name: options.name ?? "Test User", email, password: TEST_PASSWORD, organizationName: options.organizationName }, { source: "cli" });
}

/** Another user in an existing organization, with the given role (no password hashing: they never sign in). */
export async function addMember(organizationId: string, role: "OWNER" | "ADMIN" | "MEMBER", label = role.toLowerCase()) {
  const { getPrisma } = await import("@/lib/db/prisma");
  return getPrisma().user.create({
    data: {
      email: uniqueEmail(label),
      name: label,
      passwordHash: "not-a-password-hash",
      memberships: { create: { organizationId, role } },
    },
    select: { id: true, email: true },
  });
}

/** A dashboard user acting on keys in their organization. */
export function userActor(user: { id: string; email: string }, organizationId: string, role: "OWNER" | "ADMIN" | "MEMBER"): KeyActor {
  return { type: "user", organizationId, userId: user.id, email: user.email, role, ip: "198.51.100.23" };
}

/** An organization with an owner, and that owner as a key actor. */
export async function createOrganizationActor(name = "Owner") {
  const { user, organization } = await createUserWithOrganization({ name });
  return { user, organization, actor: userActor(user, organization.id, "OWNER") };
}

/** A key with sensible defaults; returns the service's result (view + secret). */
export async function issueKey(actor: KeyActor, overrides: Partial<CreateApiKeyInput> = {}) {
  const { createApiKey } = await import("@/lib/api-keys/create-api-key");
  return createApiKey(actor, {
    name: `key-${randomBytes(3).toString("hex")}`,
    environment: "TEST",
    scopes: ["resources:read", "resources:write", "usage:read"],
    expiresAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
    ...overrides,
  });
}
