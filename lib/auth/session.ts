import "server-only";
import { getServerSession } from "next-auth";
import { connection } from "next/server";
import { cache } from "react";
import { prisma } from "@/lib/db/prisma";
import { authOptions } from "./options";
import { safeReturnPath } from "./session-paths";

export { safeReturnPath };

export type SessionUser = {
  id: string;
  email: string;
  name: string | null;
  /** The server-side session (lib/auth/sessions.ts). */
  sessionId: string;
  /** The organization they last chose in the dashboard, on any device. */
  lastOrganizationId: string | null;
};

/** The signed-in user, loaded from the database (null if signed out or deleted). */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  // A session belongs to a request: mark the page dynamic before anything reads
  // configuration, so `next build` never tries to prerender a signed-in page.
  await connection();
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id || !session.sid) return null; // no user: signed out, or the session was ended on the server
  const user = await prisma.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, lastOrganizationId: true } });
  return user && { ...user, sessionId: session.sid };
});

export function signInPath(returnTo: string): string {
  return `/sign-in?callbackUrl=${encodeURIComponent(safeReturnPath(returnTo))}`;
}
