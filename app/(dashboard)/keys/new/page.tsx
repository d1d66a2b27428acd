import type { Metadata } from "next";
import { CreateKeyForm } from "@/components/keys/create-key-form";
import { describeKeyPolicy, readKeyPolicy } from "@/lib/api-keys/key-policy";
import { API_RESOURCES } from "@/lib/api-keys/scopes";
import { requireActingMember } from "@/lib/dashboard/acting-member";
import { expiryOptionsFor } from "@/lib/dashboard/key-form";
import { getPrisma } from "@/lib/db/prisma";

export const metadata: Metadata = { title: "Create a key" };

export default async function NewKeyPage() {
  const { membership } = await requireActingMember("/keys/new");
  const policy = await readKeyPolicy(getPrisma(), membership.organization.id);
  const resources = Object.entries(API_RESOURCES).map(([name, { label, accesses }]) => ({ name, label, accesses: [...accesses] }));
  return <CreateKeyForm resources={resources} expiry={expiryOptionsFor(policy)} policyNote={describeKeyPolicy(policy)} isMember={membership.role === "MEMBER"} />;
}
