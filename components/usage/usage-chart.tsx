"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { bucketLabel, STATUS_SERIES, timeTicks } from "@/lib/usage/usage-chart-scale";
import type { UsagePoint } from "@/lib/usage/usage-queries";

/**
 * Requests over time, stacked by status class. Drawn only in the browser;
 * the table beside it (UsageTable) carries the same numbers without it.
 */
export function UsageChart({ series, bucketMs }: { series: UsagePoint[]; bucketMs: number }) {
  const ticks = timeTicks(series.map((point) => point.start), bucketMs);
  const tickLabels = new Map(ticks.map((tick) => [tick.value, tick.label]));
  return (
    <div className="h-64 w-full" data-testid="usage-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--color-border)" />
          <XAxis dataKey="start" ticks={ticks.map((tick) => tick.value)} interval={0} tickFormatter={(value: string) => tickLabels.get(value) ?? ""} tick={{ fontSize: 11, fill: "var(--color-muted-foreground)" }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "var(--color-muted-foreground)" }} />
          <Tooltip labelFormatter={(value) => bucketLabel(String(value), bucketMs)} cursor={{ fill: "var(--color-surface-muted)" }} contentStyle={{ background: "var(--color-surface)", borderColor: "var(--color-border)", color: "var(--color-foreground)" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {STATUS_SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="status" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
