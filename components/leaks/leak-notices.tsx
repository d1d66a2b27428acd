// Leaked keys in the dashboard (lib/leaks/leak-notices.ts): the banner and the
// reports on a key's page, and the list of flagged keys on Review keys.
// Server components: they work before JavaScript loads.
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { formatDateTime } from "@/lib/dashboard/format";
import { RECENT_LEAK_REVOCATION_DAYS, type KeyLeakNotice, type LeakedKeyLine, type LeakReportView } from "@/lib/leaks/leak-notices";

const ACTION_TEXT = { REVOKED: "Revoked", FLAGGED: "Flagged, kept working", NONE: "Already not working" } as const;

/** Where it leaked: a link when it is a web address (GitHub's are), plain text otherwise. */
function Place({ url }: { url: string }) {
  if (!/^https?:\/\//i.test(url)) return <span className="break-all font-mono">{url}</span>;
  return (
    <a href={url} rel="noopener noreferrer nofollow" target="_blank" className="break-all text-brand underline underline-offset-2">
      {url}
    </a>
  );
}

export function KeyLeakBanner({ notice }: { notice: KeyLeakNotice }) {
  if (notice.kind === "revoked") {
    return (
      <Alert tone="info" title="Revoked: reported leaked">
        This key was revoked automatically on {formatDateTime(notice.report.reportedAt)} because it was found at <Place url={notice.report.url} /> (
        {notice.report.source}). Issue a new key and update the clients that used it.
      </Alert>
    );
  }
  return (
    // Amber, not red: it asks for an action, and a page load should not interrupt a screen reader (role=alert).
    <Alert tone="attention" title="This key was reported leaked and still works">
      Found at <Place url={notice.report.url} /> ({notice.report.source}) on {formatDateTime(notice.report.reportedAt)}
      {notice.count > 1 ? `, and ${notice.count - 1} other place${notice.count > 2 ? "s" : ""}` : ""}. Anyone who saw it can use it: rotate it (or revoke
      it) now.
    </Alert>
  );
}

export function KeyLeakReports({ reports }: { reports: LeakReportView[] }) {
  return (
    <section aria-labelledby="leaks-title" className="flex flex-col gap-3">
      <h2 id="leaks-title" className="text-base font-semibold">
        Leak reports
      </h2>
      <ul className="flex flex-col gap-2 text-sm">
        {reports.map((report) => (
          <li key={`${report.url}-${report.reportedAt.toISOString()}`} className="rounded-md border border-border bg-surface px-3 py-2">
            <Place url={report.url} /> <span className="text-muted-foreground">({report.source})</span>
            <br />
            <span className="text-muted-foreground">
              {formatDateTime(report.reportedAt)} · {ACTION_TEXT[report.action]}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function LeakedKeyList({ leaks }: { leaks: LeakedKeyLine[] }) {
  return (
    <ul className="mt-1 flex flex-col gap-1">
      {leaks.map((leak) => (
        <li key={leak.keyId}>
          <Link href={`/keys/${leak.keyId}`} className="text-brand underline underline-offset-2">
            {leak.name}
          </Link>{" "}
          <span className="font-mono">{leak.hint}</span>, found at <Place url={leak.url} /> on {formatDateTime(leak.reportedAt)}
        </li>
      ))}
    </ul>
  );
}

const keys = (n: number) => `${n} key${n === 1 ? "" : "s"}`;

/** Review keys: flagged keys that still work (action needed), and keys the policy revoked lately (replace them). */
export function LeakBanners({ flagged, revoked }: { flagged: LeakedKeyLine[]; revoked: LeakedKeyLine[] }) {
  return (
    <>
      {flagged.length > 0 && (
        <Alert tone="attention" title={`${keys(flagged.length)} reported leaked and still working`}>
          <LeakedKeyList leaks={flagged} />
          <p className="mt-1">Your organization flags leaked keys rather than revoking them: rotate or revoke each of these.</p>
        </Alert>
      )}
      {revoked.length > 0 && (
        <Alert tone="info" title={`${keys(revoked.length)} revoked after a leak report in the last ${RECENT_LEAK_REVOCATION_DAYS} days`}>
          <LeakedKeyList leaks={revoked} />
          <p className="mt-1">They no longer work: issue replacements to the clients that used them.</p>
        </Alert>
      )}
    </>
  );
}
