import "server-only";
import { getServerSession } from "next-auth";
import { connection } from "next/server";
import { cache } from "react";
import { prisma } from "@/lib/db/prisma";
import { authOptions } from "./options";

export type SessionUser = { id: string; email: string; name: string | null };

/** The signed-in user, loaded from the database (null if signed out or deleted). */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  // A session belongs to a request: mark the page dynamic before anything reads
  // configuration, so `next build` never tries to prerender a signed-in page.
  await connection();
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  return prisma.user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
});

const RETURN_BASE = "http://keyward.invalid";

/**
 * Only same-site paths may be returned to after sign-in; anything else goes to
 * the dashboard. The value is resolved the way a browser would resolve it
 * (browsers drop tabs and newlines, and read "\\" as "/"), so "/\t/evil.example"
 * cannot turn into "//evil.example" after the check.
 */
export function safeReturnPath(value: unknown, fallback = "/keys"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  // Control characters have no place in a path we redirect to.
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, RETURN_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== RETURN_BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

export function signInPath(returnTo: string): string {
  return `/sign-in?callbackUrl=${encodeURIComponent(safeReturnPath(returnTo))}`;
}
