-- wrk script: POST one submission file (BODY_FILE) as JSON, stop each thread after MAX_REQUESTS responses,
-- and print a one-line JSON summary (latencies in microseconds) for benchmarks/run.sh.
local body_file = os.getenv("BODY_FILE")
local max_requests = tonumber(os.getenv("MAX_REQUESTS") or "1000000")
local f = assert(io.open(body_file, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

local count = 0
function response(status, headers, body)
  count = count + 1
  if count >= max_requests then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"socketErrors":%d,"non2xx":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"meanUs":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
