-- wrk script for bench/orders (load it through order_random.lua for the random mode). Arguments after "--":
--   get PATH                  GET PATH
--   order PRODUCT_ID          POST /orders, quantity 1, always the same product
--   order-close PRODUCT_ID    the same, each over a new connection (Connection: close), as in the burst
--   order-random PREFIX N     POST /orders, quantity 1, product PREFIX%05d picked at random in 1..N
-- Responses are counted by count.lua.

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "count.lua")

-- With BENCH_KEYS=1 (lib/service.sh) every request carries the run's API key.
if os.getenv("BENCH_API_KEY") then
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_API_KEY")
end

local mode, prefix, count

function init(args)
  mode = args[1]
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
  if mode == "get" then
    wrk.method = "GET"
    wrk.path = args[2]
  elseif mode == "order" or mode == "order-close" then
    wrk.method = "POST"
    wrk.path = "/orders"
    wrk.headers["Content-Type"] = "application/json"
    wrk.body = '{"product_id":"' .. args[2] .. '","quantity":1,"buyer_id":"wrk-' .. (tid or 0) .. '"}'
    if mode == "order-close" then
      wrk.headers["Connection"] = "close"
    end
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
