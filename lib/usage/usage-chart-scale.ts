// How a usage chart is cut up and labelled: the bucket size for a range, the
// ticks on its time axis, and the words for one bucket. Plain functions, so
// the chart component only draws and these rules are tested without a browser.
import { formatDateTime } from "@/lib/dashboard/format";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Bucket widths a chart may use, smallest first; each divides a day or is whole days, so buckets align to UTC midnight. */
const BUCKET_STEPS = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY];
/** Enough bars to see a pattern, few enough that one busy hour still shows as a bar of its own and not a sliver. */
export const MAX_BARS = 31;

/** The smallest bucket that cuts `spanMs` into at most MAX_BARS bars: 24 h → hourly, 7 d → 6-hourly, 30 d → daily. */
export function bucketSizeFor(spanMs: number): number {
  return BUCKET_STEPS.find((step) => spanMs / step <= MAX_BARS) ?? BUCKET_STEPS[BUCKET_STEPS.length - 1]!;
}

/** "hour", "6 hours", "day": for "Requests per …". */
export function bucketName(bucketMs: number): string {
  if (bucketMs % DAY === 0) return bucketMs === DAY ? "day" : `${bucketMs / DAY} days`;
  return bucketMs === HOUR ? "hour" : `${bucketMs / HOUR} hours`;
}

const TICK_STEPS = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 5 * DAY, 7 * DAY];
export const MAX_TICKS = 8;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export type Tick = { value: string; label: string };

/**
 * The labelled points of the time axis, given the buckets' start times (ISO).
 * Ticks fall on round UTC times no narrower than a bucket, so no two share a
 * label: hours within a day ("06:00", with midnight shown as its date), dates
 * across days ("18 Nov").
 */
export function timeTicks(starts: string[], bucketMs: number): Tick[] {
  if (!starts.length) return [];
  const times = starts.map((iso) => Date.parse(iso));
  const span = times[times.length - 1]! - times[0]! + bucketMs;
  const step = TICK_STEPS.find((s) => s >= bucketMs && span / s <= MAX_TICKS) ?? TICK_STEPS[TICK_STEPS.length - 1]!;
  return starts.filter((_, i) => times[i]! % step === 0).map((value) => ({ value, label: tickLabel(new Date(value), step) }));
}

function tickLabel(date: Date, step: number): string {
  const isMidnight = date.getTime() % DAY === 0;
  if (step >= DAY || isMidnight) return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
  return `${String(date.getUTCHours()).padStart(2, "0")}:00`;
}

/**
 * One bucket in words, for the tooltip and the table behind the chart:
 * "2026-11-18 06:00–12:00 UTC", or whole UTC days "2026-11-18 (UTC)".
 * Buckets below a day divide it, so one never crosses midnight.
 */
export function bucketLabel(startIso: string, bucketMs: number): string {
  const start = Date.parse(startIso);
  const day = (t: number) => formatDateTime(new Date(t)).slice(0, 10);
  if (bucketMs >= DAY) return bucketMs === DAY ? `${day(start)} (UTC)` : `${day(start)} – ${day(start + bucketMs - DAY)} (UTC)`;
  const end = start + bucketMs;
  const endClock = end % DAY === 0 ? "24:00" : formatDateTime(new Date(end)).slice(11, 16);
  return `${formatDateTime(new Date(start)).replace(" UTC", "")}–${endClock} UTC`;
}

/** The status classes as the chart stacks them, bottom up, with their legend labels. */
export const STATUS_SERIES = [
  { key: "2xx", label: "2xx", color: "#10b981" },
  { key: "3xx", label: "3xx", color: "#0ea5e9" },
  { key: "4xx", label: "4xx", color: "#f59e0b" },
  { key: "429", label: "429 rate limited", color: "#8b5cf6" },
  { key: "5xx", label: "5xx", color: "#ef4444" },
] as const;

type Counts = { "2xx": number; "3xx": number; "4xx": number; "429": number; "5xx": number };

export function pointTotal(point: Counts): number {
  return point["2xx"] + point["3xx"] + point["4xx"] + point["429"] + point["5xx"];
}

/** The bucket with the most requests (the earliest, on a tie), or null when there were none: the chart's one-line summary. */
export function busiestBucket<P extends Counts & { start: string }>(series: P[]): { start: string; total: number } | null {
  let best: { start: string; total: number } | null = null;
  for (const point of series) {
    const total = pointTotal(point);
    if (total > 0 && (!best || total > best.total)) best = { start: point.start, total };
  }
  return best;
}
