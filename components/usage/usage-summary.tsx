import { PillLink } from "@/components/ui/pill-link";
import { formatDateTime } from "@/lib/dashboard/format";
import { bucketLabel, bucketName, busiestBucket, pointTotal, STATUS_SERIES } from "@/lib/usage/usage-chart-scale";
import { USAGE_RANGES, type UsageRange, type UsageReport } from "@/lib/usage/usage-queries";
import { UsageChart } from "./usage-chart";

export function RangeLinks({ current, hrefFor }: { current: UsageRange; hrefFor: (range: UsageRange) => string }) {
  return (
    <nav aria-label="Time range">
      <ul className="flex gap-2">
        {(Object.keys(USAGE_RANGES) as UsageRange[]).map((range) => (
          <li key={range}>
            <PillLink href={hrefFor(range)} current={range === current} scroll={false}>
              {USAGE_RANGES[range].label}
            </PillLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Totals, the chart and the top routes; an empty state when nothing happened in the range. */
export function UsageSummary({ report, subject, userEmails = {} }: { report: UsageReport; subject: string; userEmails?: Record<string, string> }) {
  if (report.total === 0) {
    return (
      <p className="rounded-xl border border-dashed border-border bg-surface p-6 text-sm text-muted-foreground">
        No requests from {subject} in the last {USAGE_RANGES[report.range].label}. Usage appears here a few seconds after the first call.
      </p>
    );
  }
  const errors = report.byStatus["4xx"] + report.byStatus["5xx"];
  return (
    <div className="flex flex-col gap-4">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Requests" value={report.total.toLocaleString("en")} />
        <Stat label="Errors (4xx, 5xx)" value={errors.toLocaleString("en")} />
        <Stat label="Rate limited (429)" value={report.byStatus["429"].toLocaleString("en")} />
        <Stat label="p50 latency" value={report.p50LatencyMs === null ? "—" : `${report.p50LatencyMs} ms`} />
      </dl>
      <div className="rounded-xl border border-border bg-surface p-4">
        <UsageFigure report={report} title={`Requests from ${subject} over the last ${USAGE_RANGES[report.range].label}`} />
      </div>
      <div className="rounded-xl border border-border bg-surface p-4">
        <h3 className="mb-2 text-sm font-semibold">Top routes</h3>
        <table className="w-full text-sm">
          <caption className="sr-only">Top routes</caption>
          <tbody className="divide-y divide-border">
            {report.topRoutes.map((route) => (
              <tr key={route.route}>
                <td className="py-1.5 font-mono text-xs">{route.route}</td>
                <td className="py-1.5 text-right">{route.count.toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.actingUsers.length > 0 && (
        <div className="rounded-xl border border-border bg-surface p-4">
          <h3 className="mb-2 text-sm font-semibold">Acting for (token exchange)</h3>
          <table className="w-full text-sm">
            <caption className="sr-only">Requests made with tokens, by the user they acted for</caption>
            <tbody className="divide-y divide-border">
              {report.actingUsers.map((user) => (
                <tr key={user.userId}>
                  <td className="py-1.5">{userEmails[user.userId] ?? <span className="font-mono text-xs">{user.userId}</span>}</td>
                  <td className="py-1.5 text-right">{user.count.toLocaleString("en")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/**
 * The chart, with what it shows in words: a visible line naming the busiest
 * period (meaningful before the chart is drawn) and, for screen readers, a
 * table of every period with requests.
 */
function UsageFigure({ report, title }: { report: UsageReport; title: string }) {
  const { bucketMs } = USAGE_RANGES[report.range];
  const per = bucketName(bucketMs);
  const busiest = busiestBucket(report.series);
  const active = report.series.filter((point) => pointTotal(point) > 0);
  return (
    <figure className="flex flex-col gap-2" aria-label={title}>
      <UsageChart series={report.series} bucketMs={bucketMs} />
      <table className="sr-only">
        <caption>
          Requests per {per}, by status, from {formatDateTime(new Date(report.from))} to {formatDateTime(new Date(report.to))} (periods with requests)
        </caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Total</th>
            {STATUS_SERIES.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {active.map((point) => (
            <tr key={point.start}>
              <th scope="row">{bucketLabel(point.start, bucketMs)}</th>
              <td>{pointTotal(point).toLocaleString("en")}</td>
              {STATUS_SERIES.map((s) => (
                <td key={s.key}>{point[s.key].toLocaleString("en")}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption className="text-xs text-muted-foreground">
        Requests per {per} (UTC), by status.
        {busiest && (
          <>
            {" "}
            Busiest: {bucketLabel(busiest.start, bucketMs)}, {busiest.total.toLocaleString("en")} request{busiest.total === 1 ? "" : "s"}.
          </>
        )}
      </figcaption>
    </figure>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-xl border border-border bg-surface p-3">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-lg font-semibold">{value}</dd>
    </div>
  );
}
