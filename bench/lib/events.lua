-- wrk script for bench/events. Arguments after "--":
--   get PATH                   GET PATH
--   event N                    POST /api/v1/events, one event for a random product of N (ev%05d)
--   batch N SIZE               POST /api/v1/events/batch, SIZE events for random products of N
--   product N                  GET /api/v1/products/ev%05d, a random product of N
-- Counts responses per status code across threads and prints "BENCH key value" lines at the end.

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

local mode, products, size
counts = {}

function init(args)
  mode = args[1]
  products = tonumber(args[2])
  size = tonumber(args[3])
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
  wrk.headers["Content-Type"] = "application/json"
  if mode == "get" then
    wrk.method = "GET"
    wrk.path = args[2]
  elseif mode == "batch" then
    local events = {}
    for i = 1, size do
      events[i] = string.format('{"product_id":"ev%05d","price":%d.%02d,"stock":%d}',
        math.random(1, products), math.random(1, 999), math.random(0, 99), math.random(0, 10000))
    end
    wrk.method = "POST"
    wrk.path = "/api/v1/events/batch"
    wrk.body = "[" .. table.concat(events, ",") .. "]"
  end
end

function request()
  if mode == "event" then
    local body = string.format('{"product_id":"ev%05d","price":%d.%02d,"stock":%d}',
      math.random(1, products), math.random(1, 999), math.random(0, 99), math.random(0, 10000))
    return wrk.format("POST", "/api/v1/events", wrk.headers, body)
  elseif mode == "product" then
    return wrk.format("GET", string.format("/api/v1/products/ev%05d", math.random(1, products)))
  end
  return wrk.format()
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
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
  io.write(string.format("BENCH p50_us %d\nBENCH p99_us %d\nBENCH max_us %d\n",
    latency:percentile(50), latency:percentile(99), latency.max))
  for status, n in pairs(total) do
    io.write(string.format("BENCH status_%d %d\n", status, n))
  end
end
