-- wrk script for `make bench` (bench/run.mjs). One script for every scenario:
--   KRING_BENCH_MODE=read     (default) the URL and headers given on the command line, unchanged:
--                            wrk's static request path, as fast as wrk goes.
--   KRING_BENCH_MODE=comment  POST /api/v1/posts/<id>/comments with a short Markdown body.
--   KRING_BENCH_MODE=react    PUT  /api/v1/posts/<id>/reactions/<kind>.
-- Write modes read "<token> <post id>" lines from KRING_BENCH_TARGETS and spread requests over
-- them (each wrk thread starts at a different line), so writes land on many posts as many people.
-- At the end, one line "KRING_RESULT {json}" carries the figures bench/run.mjs records.

local mode = os.getenv("KRING_BENCH_MODE") or "read"
local targets_file = os.getenv("KRING_BENCH_TARGETS")
local kinds = { "like", "heart", "laugh", "wow", "sad", "celebrate" }

local thread_counter = 0
function setup(thread)
  thread:set("thread_index", thread_counter)
  thread_counter = thread_counter + 1
end

local targets = {}
local cursor = 0
local sent = 0

function init(args)
  if mode == "read" then return end
  for line in io.lines(targets_file) do
    local token, id = line:match("^(%S+)%s+(%S+)$")
    if token then targets[#targets + 1] = { token = token, id = id } end
  end
  cursor = ((thread_index or 0) * 7919) % #targets
end

if mode ~= "read" then
  request = function()
    cursor = cursor % #targets + 1
    sent = sent + 1
    local t = targets[cursor]
    local headers = { ["Authorization"] = "Bearer " .. t.token }
    if mode == "comment" then
      headers["Content-Type"] = "application/json"
      local body = string.format('{"body":"Benchmark reply %d from thread %d: **goed** idee #bench"}', sent, thread_index or 0)
      return wrk.format("POST", "/api/v1/posts/" .. t.id .. "/comments", headers, body)
    else
      local kind = kinds[(sent + (thread_index or 0)) % #kinds + 1]
      return wrk.format("PUT", "/api/v1/posts/" .. t.id .. "/reactions/" .. kind, headers, "")
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'KRING_RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"bytes":%d,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
