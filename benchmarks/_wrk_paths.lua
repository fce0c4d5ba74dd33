-- wrk script used by benchmarks/tile_serving.py: cycle through a list of request paths.
--
--   wrk -t2 -c8 -d10s -s benchmarks/_wrk_paths.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- PATHS_FILE holds one path per line (e.g. /iiif/3/<id>/0,0,512,512/512,512/0/default.jpg). Each
-- wrk thread walks the whole list from its own offset, so consecutive requests ask for distinct
-- images and no server cache can answer them all. At the end one JSON line is printed with the
-- request count, duration, bytes, error counts and latency percentiles.

local paths = {}
local position = 0
local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("thread_number", threads)
end

function init(args)
   for line in io.lines(args[1]) do
      if #line > 0 then
         paths[#paths + 1] = line
      end
   end
   if #paths == 0 then
      error("no paths in " .. tostring(args[1]))
   end
   -- Spread the threads over the list.
   position = ((thread_number or 1) - 1) * math.floor(#paths / 2)
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      '{"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
      '"write_errors": %d, "status_errors": %d, "timeouts": %d, "p50_us": %d, "p99_us": %d}\n',
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
      e.timeout, latency:percentile(50), latency:percentile(99)))
end
