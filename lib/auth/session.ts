import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { prisma } from "@/lib/db/prisma";
import { authOptions } from "./options";

export type SessionUser = { id: string; email: string; name: string | null };

/** The signed-in user, loaded from the database (null if signed out or deleted). */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  return prisma.user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
});

/** Only same-site paths may be returned to after sign-in; anything else goes to the dashboard. */
export function safeReturnPath(value: unknown, fallback = "/keys"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

export function signInPath(returnTo: string): string {
  return `/sign-in?callbackUrl=${encodeURIComponent(safeReturnPath(returnTo))}`;
}
