-- load.lua with a request built per call (a random product each time): wrk -s order_random.lua URL -- order-random PREFIX N
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "load.lua")
request = pick_request
