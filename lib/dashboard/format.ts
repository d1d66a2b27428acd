// Times as the dashboard shows them: one format everywhere (tables, the
// rotate screen, audit details, the review CSV). "2026-11-25 06:01 UTC" is
// unambiguous in every locale, sorts as text, and spreadsheets read it as a
// date. Rendered in UTC, so server and client HTML never disagree.
const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-11-25 06:01 UTC". Accepts an ISO string too (what actions and audit metadata carry). */
export function formatDateTime(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600_000],
  ["month", 30 * 24 * 3600_000],
  ["day", 24 * 3600_000],
  ["hour", 3600_000],
  ["minute", 60_000],
];

/** "in 5 days", "3 hours ago", "now": a hint beside a formatted time, never instead of one in exports. */
export function relativeTime(date: Date, now = Date.now()): string {
  const diff = date.getTime() - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return RELATIVE.format(Math.round(diff / ms), unit);
  }
  return "now";
}
