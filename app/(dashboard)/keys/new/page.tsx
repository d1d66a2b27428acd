import type { Metadata } from "next";
import { CreateKeyForm } from "@/components/keys/create-key-form";
import { API_RESOURCES } from "@/lib/api-keys/scopes";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { getPrisma } from "@/lib/db/prisma";

export const metadata: Metadata = { title: "Create a key" };

export default async function NewKeyPage() {
  const { membership } = await requireActingMember("/keys/new");
  const policy = await getPrisma().organization.findUniqueOrThrow({
    where: { id: membership.organization.id },
    select: { maxKeyLifetimeDays: true, requireKeyExpiry: true },
  });
  const policyNote =
    policy.maxKeyLifetimeDays !== null
      ? `Your organization allows keys to live at most ${policy.maxKeyLifetimeDays} day${policy.maxKeyLifetimeDays === 1 ? "" : "s"}.`
      : policy.requireKeyExpiry
        ? "Your organization requires keys to expire."
        : null;
  const resources = Object.entries(API_RESOURCES).map(([name, label]) => ({ name, label }));
  return <CreateKeyForm resources={resources} policyNote={policyNote} isMember={membership.role === "MEMBER"} />;
}
