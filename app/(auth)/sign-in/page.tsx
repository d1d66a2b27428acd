import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getSessionUser, safeReturnPath } from "@/lib/auth/session";
import { readSearchParams, type RawSearchParams } from "@/lib/dashboard/search-params";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { callbackUrl, error } = readSearchParams(await searchParams, ["callbackUrl", "error"]);
  const returnTo = safeReturnPath(callbackUrl);
  if (await getSessionUser()) redirect(returnTo);
  return <SignInForm callbackUrl={returnTo} initialError={error || undefined} />;
}
