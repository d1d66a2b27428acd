// Development's log format: pino's JSON line turned into
// "09:30:01.123 WARN  message key=value …". pino-pretty does the same, but it
// would be one more runtime dependency to load inside Next's server bundle for
// what is 30 lines; this runs in the same thread, synchronously, after pino has
// already redacted the line.
import type { DestinationStream } from "pino";

/** Fields every line has, shown in the prefix or not at all. */
const OMITTED = new Set(["level", "time", "pid", "hostname", "msg"]);

export function formatPretty(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (!entry || typeof entry !== "object") return line;
  const time = new Date(String(entry.time));
  const clock = Number.isNaN(time.getTime())
    ? "--:--:--.---"
    : `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${String(time.getMilliseconds()).padStart(3, "0")}`;
  const level = String(entry.level ?? "").toUpperCase().padEnd(5);
  const fields = Object.entries(entry)
    .filter(([name]) => !OMITTED.has(name))
    .map(([name, value]) => `${name}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  return `${[clock, level, entry.msg ?? "", ...fields].join(" ").replace(/ +$/, "")}\n`;
}

function pad(value: number) {
  return String(value).padStart(2, "0");
}

export function prettyDestination(target: DestinationStream = process.stdout): DestinationStream {
  return { write: (line: string) => target.write(formatPretty(line)) };
}
