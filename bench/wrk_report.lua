-- wrk script: optional random pair ids (args: path prefix, lowest id, highest id) and a one-line
-- summary with the percentiles wrk keeps (p95 included) for bench/pages.py to parse.
local prefix, low, high = nil, nil, nil

function init(args)
  if #args >= 3 then
    prefix, low, high = args[1], tonumber(args[2]), tonumber(args[3])
    math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  end
end

function request()
  if prefix then
    return wrk.format("GET", prefix .. math.random(low, high) .. "/")
  end
  return wrk.format("GET")
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d non2xx_or_errors=%d p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f rps=%.1f\n",
    summary.requests, e.status + e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1000000)))
end
