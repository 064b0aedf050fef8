-- wrk script for tests/web/run: numbered produce requests, a fixed count of them.
--
--   wrk -t T -c C -d MAX -s numbered.lua URL -- BASE FIRST COUNT T OUT EMPTY QUEUE_EVERY
--
-- BASE         path the number is appended to, e.g. "/produce.php?c=...&t=...&r=...&n="
-- FIRST COUNT  the numbers FIRST .. FIRST+COUNT-1 are each requested once; COUNT 0 means
--              no end (numbers go on until wrk's -d runs out or wrk gets SIGINT)
-- T            wrk's -t (thread k of T sends FIRST+k, FIRST+k+T, ...)
-- OUT          each thread appends one line per answer to OUT.<k>: "STATUS BODY"
--              (line-buffered: complete even when wrk is interrupted)
-- EMPTY        once a thread has sent all its numbers, its other connections ask this
--              path (a page that does nothing) until every number it sent is answered;
--              then the thread stops. So a number is never sent twice, nor dropped.
-- QUEUE_EVERY  numbers divisible by it get "&mode=queue" (0: never)
-- PAUSE_MS     after an answer other than 200, the thread's next request waits this
--              long (optional, default 0): a failing server is not hammered
-- STOP_FILE    (optional) once this file exists, a thread sends no new number; it
--              writes "LAST COUNT" (the last number it sent, how many it sent) to
--              OUT.sent.<k> and stops when all
--              are answered. The way to end an open-ended run (COUNT 0) cleanly.
--
-- A produce answer is recognised by its body ("ok|queued|fail|error NUMBER ...");
-- the empty page answers an empty body. A number wrk gave up on (timeout, broken
-- connection) has no line: the driver reports it as unanswered.

local next_tid = 0

function setup(thread)
    thread:set("tid", next_tid)
    next_tid = next_tid + 1
end

function init(args)
    base = args[1]
    first = tonumber(args[2])
    count = tonumber(args[3])
    nthreads = tonumber(args[4])
    out = assert(io.open(args[5] .. "." .. tid, "a"))
    sent_name = args[5] .. ".sent." .. tid
    out:setvbuf("line")
    empty = args[6]
    queue_every = tonumber(args[7] or "0")
    pause_ms = tonumber(args[8] or "0")
    pause = 0
    stop_file = args[9]
    if pause_ms > 0 then
        -- defined only when needed: wrk then schedules every request through a timer
        delay = function() return pause end
    end
    nxt = first + tid
    if count > 0 then
        last = first + count - 1
        quota = 0
        if nxt <= last then
            quota = math.floor((last - nxt) / nthreads) + 1
        end
    else
        last = math.huge
        quota = math.huge
    end
    answered = 0
    -- wrk 4.x calls request() of thread 0 once before running, to count
    -- pipelined requests, and never sends that one: give it the empty page.
    verify_call = (tid == 0)
end

function request()
    if verify_call then
        verify_call = false
        return wrk.format("GET", empty)
    end
    if stop_file and nxt <= last then
        local f = io.open(stop_file, "r")
        if f then
            f:close()
            stop_file = nil
            last = nxt - 1
            quota = 0
            if last >= first + tid then
                quota = math.floor((last - first - tid) / nthreads) + 1
            end
            local sent = assert(io.open(sent_name, "w"))
            sent:write(string.format("%d %d\n", last, quota))
            sent:close()
        end
    end
    if nxt <= last then
        local n = nxt
        nxt = nxt + nthreads
        local path = base .. string.format("%d", n)
        if queue_every > 0 and n % queue_every == 0 then
            path = path .. "&mode=queue"
        end
        return wrk.format("GET", path)
    end
    return wrk.format("GET", empty)
end

function response(status, headers, body)
    if status == 200 then pause = 0 else pause = pause_ms end
    if body == nil or #body == 0 then
        if answered >= quota then
            wrk.thread:stop()
        end
        return
    end
    answered = answered + 1
    local line = string.gsub(body, "[\r\n]+", " ")
    out:write(status, " ", line, "\n")
    if answered >= quota then
        out:close()
        wrk.thread:stop()
    end
end
