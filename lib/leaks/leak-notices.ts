// What the dashboard says about leaked keys: the reports on a key's page, the
// banner there, and the list on Review keys. A flagged key's banner stays
// until the key is rotated, revoked or expired (it no longer works as it
// did); a key revoked because of a leak says so for good.
import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import type { LeakAction } from "@/lib/generated/prisma/enums";

export type LeakReportView = { url: string; source: string; action: LeakAction; reportedAt: Date };

/** A key's leak reports, newest first; the caller has already checked that the member may see the key. */
export function listKeyLeakReports(organizationId: string, apiKeyId: string): Promise<LeakReportView[]> {
  return getPrisma().leakReport.findMany({
    where: { organizationId, apiKeyId },
    orderBy: { reportedAt: "desc" },
    select: { url: true, source: true, action: true, reportedAt: true },
    take: 50,
  });
}

export type KeyLeakNotice =
  /** Reported leaked and still working as before: someone must rotate or revoke it. */
  | { kind: "flagged"; report: LeakReportView; count: number }
  /** Revoked by the leak policy. */
  | { kind: "revoked"; report: LeakReportView };

/** The banner a key's page shows, if any. `status` is the key's (key-view.ts). */
export function keyLeakNotice(status: string, reports: LeakReportView[]): KeyLeakNotice | null {
  const revokedBy = reports.find((r) => r.action === "REVOKED");
  if (status === "revoked") return revokedBy ? { kind: "revoked", report: revokedBy } : null;
  const flagged = reports.filter((r) => r.action === "FLAGGED");
  if (flagged.length === 0 || status === "expired" || status === "rotating_out") return null;
  return { kind: "flagged", report: flagged[0]!, count: flagged.length };
}

export type LeakedKeyLine = { keyId: string; name: string; hint: string; url: string; reportedAt: Date };

/** How long Review keys keeps mentioning a key revoked for a leak: long enough for an admin to see it and replace it. */
export const RECENT_LEAK_REVOCATION_DAYS = 7;

const LINE_SELECT = { url: true, reportedAt: true, apiKey: { select: { id: true, name: true, hint: true } } } as const;

/** One line per key (its latest report), from reports newest first. */
function linesPerKey(reports: { url: string; reportedAt: Date; apiKey: { id: string; name: string; hint: string } }[]): LeakedKeyLine[] {
  const byKey = new Map<string, LeakedKeyLine>();
  for (const r of reports) {
    if (!byKey.has(r.apiKey.id)) byKey.set(r.apiKey.id, { keyId: r.apiKey.id, name: r.apiKey.name, hint: r.apiKey.hint, url: r.url, reportedAt: r.reportedAt });
  }
  return [...byKey.values()];
}

/** The organization's flagged keys that still work and were not rotated: Review keys' banner. */
export async function listUnresolvedLeaks(organizationId: string, now = new Date()): Promise<LeakedKeyLine[]> {
  const reports = await getPrisma().leakReport.findMany({
    where: {
      organizationId,
      action: "FLAGGED",
      apiKey: { organizationId, revokedAt: null, successor: { is: null }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    },
    orderBy: { reportedAt: "desc" },
    select: LINE_SELECT,
    take: 200,
  });
  return linesPerKey(reports);
}

/** Keys the leak policy revoked lately: Review keys says so, so an admin replaces them. */
export async function listRecentLeakRevocations(organizationId: string, now = new Date()): Promise<LeakedKeyLine[]> {
  const since = new Date(now.getTime() - RECENT_LEAK_REVOCATION_DAYS * 24 * 60 * 60 * 1000);
  const reports = await getPrisma().leakReport.findMany({
    where: { organizationId, action: "REVOKED", reportedAt: { gte: since }, apiKey: { organizationId } },
    orderBy: { reportedAt: "desc" },
    select: LINE_SELECT,
    take: 50,
  });
  return linesPerKey(reports);
}
