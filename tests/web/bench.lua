-- wrk script for tests/bench/web_produce: one machine-readable line at the end,
--   RESULT requests req/s median_ms p99_ms socket_errors http_errors
-- (latencies from wrk's histogram, in milliseconds; http_errors = answers with
-- a status above 399, so a failing produce page cannot pass for a fast one).
--
--   wrk ... -s bench.lua URL [-- TIMING_FILE]
--
-- With TIMING_FILE, each thread appends the produce page's "Server-Timing:
-- produce;dur=MS" values to TIMING_FILE.<thread>. Without it there is no
-- response() callback, so wrk skips parsing answers (a cheaper client).

local next_tid = 0

function setup(thread)
    thread:set("tid", next_tid)
    next_tid = next_tid + 1
end

function init(args)
    if args[1] then
        local out = assert(io.open(args[1] .. "." .. tid, "a"))
        out:setvbuf("line")
        response = function(status, headers, body)
            local v = headers["Server-Timing"] or headers["server-timing"]
            local ms = v and string.match(v, "dur=([0-9.]+)")
            if ms then out:write(ms, "\n") end
        end
    end
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT %d %.1f %.3f %.3f %d %d\n",
        summary.requests,
        summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000,
        latency:percentile(99) / 1000,
        e.connect + e.read + e.write + e.timeout,
        e.status))
end
