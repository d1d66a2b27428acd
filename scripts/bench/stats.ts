// Percentiles and summaries of raw samples. Samples are kept whole (tens of
// thousands of numbers at most), so percentiles are exact, and rounds measured
// at different times can simply be concatenated.

export type Summary = { count: number; p50: number; p99: number; mean: number };

/** Nearest-rank percentile of unsorted samples (p in 0–100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("percentile of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  return { count: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), mean };
}

/** Milliseconds since `start` (a performance.now() reading), at sub-microsecond resolution. */
export function elapsedMs(start: number): number {
  return performance.now() - start;
}
