import "server-only";
import { z } from "zod";
import { prisma } from "@/lib/db/prisma";
import { createOrganizationWithOwner, isUniqueViolation } from "@/lib/organizations/create-organization";
import { slugify, slugWithSuffix } from "@/lib/organizations/slug";
import { hashPassword } from "./password";
import { SignUpSchema, type SignUpInput } from "./schemas";

export type FieldErrors = Partial<Record<keyof SignUpInput, string[]>>;

export type SignUpResult =
  | { ok: true; user: { id: string; email: string; name: string | null }; organization: { id: string; slug: string; name: string } }
  | { ok: false; fieldErrors: FieldErrors };

const EMAIL_TAKEN: FieldErrors = { email: ["An account with this email already exists. Sign in instead."] };

/**
 * Creates a user and the organization they own, in one transaction. Used by
 * the sign-up page and by `keyward users create`.
 */
export async function signUp(
  input: unknown,
  options: { organizationSlug?: string; source: "web" | "cli"; ip?: string | null } = { source: "web" },
): Promise<SignUpResult> {
  const parsed = SignUpSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors as FieldErrors };
  const { name, email, password } = parsed.data;

  if (await prisma.user.findUnique({ where: { email }, select: { id: true } })) {
    return { ok: false, fieldErrors: EMAIL_TAKEN };
  }
  const passwordHash = await hashPassword(password);
  const organizationName = parsed.data.organizationName ?? `${name}'s organization`;
  const create = (slug: string | undefined) =>
    prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name, passwordHash }, select: { id: true, email: true, name: true } });
      const organization = await createOrganizationWithOwner(tx, {
        name: organizationName,
        slug,
        ownerId: user.id,
        actor:
          options.source === "cli"
            ? { type: "cli", label: "operator CLI" }
            : { type: "user", userId: user.id, label: email, ip: options.ip },
      });
      return { ok: true as const, user, organization: { id: organization.id, slug: organization.slug, name: organization.name } };
    });
  try {
    try {
      return await create(options.organizationSlug);
    } catch (error) {
      // Two sign-ups deriving the same slug at once (e.g. two "Ada's organization"):
      // the slug was ours to choose, so choose again rather than fail.
      if (options.organizationSlug || !isUniqueViolation(error, "slug")) throw error;
      return await create(slugWithSuffix(slugify(organizationName)));
    }
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides.
    if (isUniqueViolation(error, "email")) return { ok: false, fieldErrors: EMAIL_TAKEN };
    if (isUniqueViolation(error, "slug")) return { ok: false, fieldErrors: { organizationName: ["That organization slug is taken."] } };
    throw error;
  }
}
