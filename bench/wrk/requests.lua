-- Sends the requests listed in a file, one per line: METHOD <tab> PATH <tab> COOKIE <tab> BODY.
-- Each wrk thread takes every n-th line (so two threads never send the same line) and goes
-- round them in order. Counts responses by status class, and prints one line that
-- bench/pages.py reads: requests per second, p50 and p95 latency, and the counts.
--   wrk -t2 -c20 -d10s --latency -s requests.lua http://127.0.0.1:8000 -- requests.tsv

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  local index = 0
  for line in io.lines(args[1]) do
    if index % tonumber(args[2]) == id then
      local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {}
      if cookie ~= "" then headers["Cookie"] = cookie end
      if method == "POST" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
      else
        body = nil
      end
      table.insert(requests, wrk.format(method, path, headers, body))
    end
    index = index + 1
  end
  position = 0
  s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  elseif status >= 300 then s3xx = s3xx + 1
  else s2xx = s2xx + 1 end
end

function done(summary, latency, requests)
  local counts = {s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(counts) do counts[key] = counts[key] + thread:get(key) end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.1f p50=%.2f p95=%.2f requests=%d s2xx=%d s3xx=%d s4xx=%d s5xx=%d " ..
    "socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.requests,
    counts.s2xx, counts.s3xx, counts.s4xx, counts.s5xx,
    e.connect + e.read + e.write + e.timeout))
end
