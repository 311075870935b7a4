-- Shared by the wrk scripts of bench/: counts responses per status code across wrk's threads and
-- prints "BENCH key value" lines at the end (requests, duration, socket errors, latency, statuses).

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

counts = {}

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

-- response() makes wrk hand every response to Lua, which costs a measurable share of a 2-core
-- machine. A run that only needs "2xx or not" calls this from init(): done() then reports only
-- wrk's own non-2xx count ("BENCH non2xx").
function without_status_counts()
  response = nil
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("counts")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local e = summary.errors
  io.write(string.format("BENCH requests %d\nBENCH duration_us %d\n", summary.requests, summary.duration))
  io.write(string.format("BENCH socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("BENCH timeouts %d\n", e.timeout))
  io.write(string.format("BENCH non2xx %d\n", e.status))
  io.write(string.format("BENCH p50_us %d\nBENCH p99_us %d\nBENCH max_us %d\n",
    latency:percentile(50), latency:percentile(99), latency.max))
  for status, n in pairs(total) do
    io.write(string.format("BENCH status_%d %d\n", status, n))
  end
end
