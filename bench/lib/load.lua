-- wrk script for bench/orders (load it through order_random.lua for the random mode). Arguments after "--":
--   get PATH                  GET PATH
--   order PRODUCT_ID          POST /orders, quantity 1, always the same product
--   order-random PREFIX N     POST /orders, quantity 1, product PREFIX%05d picked at random in 1..N
-- Counts responses per status code across threads and prints "BENCH key value" lines at the end.

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

local mode, prefix, count
counts = {}

function init(args)
  mode = args[1]
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
  if mode == "get" then
    wrk.method = "GET"
    wrk.path = args[2]
  elseif mode == "order" then
    wrk.method = "POST"
    wrk.path = "/orders"
    wrk.headers["Content-Type"] = "application/json"
    wrk.body = '{"product_id":"' .. args[2] .. '","quantity":1,"buyer_id":"wrk-' .. (tid or 0) .. '"}'
  elseif mode == "order-random" then
    prefix = args[2]
    count = tonumber(args[3])
    wrk.headers["Content-Type"] = "application/json"
  else
    error("unknown mode " .. tostring(mode))
  end
end

-- order_random.lua makes this wrk's request(); the other modes send one static request, which is faster.
function pick_request()
  local body = string.format('{"product_id":"%s%05d","quantity":1,"buyer_id":"wrk-%d"}',
    prefix, math.random(1, count), tid or 0)
  return wrk.format("POST", "/orders", wrk.headers, body)
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
  io.write(string.format("BENCH timeouts %d\n", e.timeout))
  io.write(string.format("BENCH p50_us %d\nBENCH p99_us %d\nBENCH max_us %d\n",
    latency:percentile(50), latency:percentile(99), latency.max))
  for status, n in pairs(total) do
    io.write(string.format("BENCH status_%d %d\n", status, n))
  end
end
