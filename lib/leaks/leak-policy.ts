// Each organization's leak policy: what a key reported leaked gets
// (report-leaked-key.ts). Owners and admins set it in Settings; the change is audited.
import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { fieldErrorsFrom, ValidationError } from "@/lib/errors";
import { LeakPolicy } from "@/lib/generated/prisma/enums";
import { requireRole, updateOrganization, type OrganizationActor } from "@/lib/organizations/manage";

export const LeakPolicySchema = z.enum(LeakPolicy, { error: "Choose to revoke or to flag a leaked key." });

export const LEAK_POLICY_LABELS: Record<LeakPolicy, { label: string; hint: string }> = {
  REVOKE: { label: "Revoke it at once", hint: "Recommended. Every server refuses the key within a second; its owner rotates to a new one." },
  FLAG: { label: "Flag it, and keep it working", hint: "A banner on the key and on Review keys until someone rotates or revokes it." },
};

export async function readLeakPolicy(organizationId: string): Promise<LeakPolicy> {
  const organization = await getPrisma().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { leakPolicy: true } });
  return organization.leakPolicy;
}

export async function updateLeakPolicy(actor: OrganizationActor, policy: string) {
  const parsed = LeakPolicySchema.safeParse(policy);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues.map((issue) => ({ ...issue, path: ["leakPolicy"] }))));
  await getPrisma().$transaction(async (tx) => {
    await requireRole(tx, actor, "ADMIN");
    const before = await tx.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: { leakPolicy: true } });
    // Saving the same choice is not a change: nothing to write, nothing to log.
    if (before.leakPolicy === parsed.data) return;
    await updateOrganization(tx, actor, {
      data: { leakPolicy: parsed.data },
      action: "organization.leak_policy_changed",
      metadata: { before: before.leakPolicy, after: parsed.data },
    });
  });
}
