-- wrk script for bench/events. Arguments after "--":
--   get PATH                   GET PATH
--   event N                    POST /api/v1/events, one event for a random product of N (ev%05d)
--   batch N SIZE               POST /api/v1/events/batch, SIZE events for random products of N (16 bodies per thread)
--   product N                  GET /api/v1/products/ev%05d, a random product of N
-- Responses are counted by count.lua: per status for POSTs, only 2xx or not for the GETs.

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "count.lua")

-- With BENCH_KEYS=1 (lib/service.sh) every request carries the run's API key.
if os.getenv("BENCH_API_KEY") then
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_API_KEY")
end

local mode, products, size
local BODIES, bodies, sent = 16, {}, 0

function init(args)
  mode = args[1]
  products = tonumber(args[2])
  size = tonumber(args[3])
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
  wrk.headers["Content-Type"] = "application/json"
  if mode == "get" or mode == "product" then
    without_status_counts()
  end
  if mode == "get" then
    wrk.method = "GET"
    wrk.path = args[2]
  elseif mode == "batch" then
    -- Built once (building a body per request would cost wrk more CPU than the service): BODIES
    -- different bodies per thread, sent in turn, so a run's events spread over all the products.
    for b = 1, BODIES do
      local events = {}
      for i = 1, size do
        events[i] = string.format('{"product_id":"ev%05d","price":%d.%02d,"stock":%d}',
          math.random(1, products), math.random(1, 999), math.random(0, 99), math.random(0, 10000))
      end
      bodies[b] = wrk.format("POST", "/api/v1/events/batch", wrk.headers, "[" .. table.concat(events, ",") .. "]")
    end
  end
end

function request()
  if mode == "event" then
    local body = string.format('{"product_id":"ev%05d","price":%d.%02d,"stock":%d}',
      math.random(1, products), math.random(1, 999), math.random(0, 99), math.random(0, 10000))
    return wrk.format("POST", "/api/v1/events", wrk.headers, body)
  elseif mode == "product" then
    return wrk.format("GET", string.format("/api/v1/products/ev%05d", math.random(1, products)))
  elseif mode == "batch" then
    sent = sent + 1
    return bodies[sent % BODIES + 1]
  end
  return wrk.format()
end
