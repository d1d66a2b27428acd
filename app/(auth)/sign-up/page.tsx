import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getSessionUser, safeReturnPath } from "@/lib/auth/session";
import { readSearchParams, type RawSearchParams } from "@/lib/dashboard/search-params";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const returnTo = safeReturnPath(readSearchParams(await searchParams, ["callbackUrl"]).callbackUrl);
  if (await getSessionUser()) redirect(returnTo);
  return <SignUpForm callbackUrl={returnTo} />;
}
