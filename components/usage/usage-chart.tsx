"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { UsagePoint } from "@/lib/usage/usage-queries";

const SERIES = [
  { key: "2xx", label: "2xx", color: "#10b981" },
  { key: "3xx", label: "3xx", color: "#0ea5e9" },
  { key: "4xx", label: "4xx", color: "#f59e0b" },
  { key: "429", label: "429 rate limited", color: "#8b5cf6" },
  { key: "5xx", label: "5xx", color: "#ef4444" },
] as const;

function tickLabel(iso: string, range: string) {
  const date = new Date(iso);
  return range === "24h"
    ? `${String(date.getUTCHours()).padStart(2, "0")}:00`
    : date.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

/** Requests over time, stacked by status class. */
export function UsageChart({ series, range, title }: { series: UsagePoint[]; range: string; title: string }) {
  return (
    <figure className="flex flex-col gap-2" aria-label={title}>
      <div className="h-64 w-full" data-testid="usage-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
            <XAxis dataKey="start" tickFormatter={(value: string) => tickLabel(value, range)} tick={{ fontSize: 11 }} minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip labelFormatter={(value) => `${new Date(String(value)).toUTCString()}`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {SERIES.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId="status" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-zinc-500">Requests per {range === "24h" ? "hour" : range === "7d" ? "6 hours" : "day"} (UTC), by status.</figcaption>
    </figure>
  );
}
