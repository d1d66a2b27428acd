import "server-only";
import { prisma } from "@/lib/db/prisma";
import { fieldErrorsFrom, TooManyRequestsError, ValidationError } from "@/lib/errors";
import { createOrganizationWithOwner, isUniqueViolation } from "@/lib/organizations/create-organization";
import { slugify, slugWithSuffix } from "@/lib/organizations/slug";
import { acceptInvitations } from "@/lib/organizations/invitations";
import { hashPassword } from "./password";
import { reserveSignUpAttempt } from "./sign-in-throttle";
import { SignUpSchema } from "./schemas";

export type SignedUp = { user: { id: string; email: string; name: string | null }; organization: { id: string; slug: string; name: string } };

// Worded to confirm as little as possible. Sign-up cannot hide a taken email
// entirely (it cannot make a second account, and a success signs the person
// in), so the per-IP limit below is what bounds probing.
const EMAIL_TAKEN = "We couldn't create an account with these details. If you already have an account, sign in instead.";
// The operator (CLI) is trusted and is better served by the plain fact.
const EMAIL_TAKEN_FOR_OPERATOR = "A user with this email already exists.";

/**
 * Creates a user and the organization they own, in one transaction. Used by
 * the sign-up page and by `keyward users create`. Refusals are thrown:
 * ValidationError field by field, TooManyRequestsError past the per-IP limit.
 */
export async function signUp(
  input: unknown,
  options: { organizationSlug?: string; source: "web" | "cli"; ip?: string | null } = { source: "web" },
): Promise<SignedUp> {
  // Counted before anything is checked: every attempt, valid or not, is a question about an email.
  if (options.source === "web") {
    const retryAfter = await reserveSignUpAttempt(options.ip ?? null);
    if (retryAfter !== null) {
      throw new TooManyRequestsError("too_many_sign_ups", `Too many sign-ups from your network. Try again in ${Math.ceil(retryAfter / 60)} minutes.`, retryAfter);
    }
  }
  const parsed = SignUpSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const { name, email, password } = parsed.data;

  const emailTaken = () => new ValidationError({ email: [options.source === "cli" ? EMAIL_TAKEN_FOR_OPERATOR : EMAIL_TAKEN] });
  if (await prisma.user.findUnique({ where: { email }, select: { id: true } })) throw emailTaken();
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
      await acceptInvitations(user, tx); // invited before they had an account
      return { user, organization: { id: organization.id, slug: organization.slug, name: organization.name } };
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
    if (isUniqueViolation(error, "email")) throw emailTaken();
    if (isUniqueViolation(error, "slug")) throw new ValidationError({ organizationName: ["That organization slug is taken."] });
    throw error;
  }
}
