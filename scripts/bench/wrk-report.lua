-- wrk script for the bench (scripts/bench/load-generator.ts).
-- Request headers come from the environment (WRK_HEADER_1="Name: value", …)
-- rather than the command line, where any user of the machine could read a
-- key's secret in the process list.
local n = 1
while true do
  local header = os.getenv("WRK_HEADER_" .. n)
  if not header then break end
  local name, value = header:match("^([^:]+):%s*(.*)$")
  wrk.headers[name] = value
  n = n + 1
end

-- One machine-readable line: counts, then 1,000 latency quantiles in µs (at
-- 0.05%, 0.15%, … 99.95%), so that rounds can be pooled into exact-enough
-- percentiles the way autocannon's raw samples are.
done = function(summary, latency, requests)
  local e = summary.errors
  local quantiles = {}
  for i = 0, 999 do
    quantiles[#quantiles + 1] = latency:percentile((i + 0.5) / 10)
  end
  io.write(string.format("KEYWARD-WRK %d %d %d %d %d %s\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write, e.timeout, table.concat(quantiles, ",")))
end
