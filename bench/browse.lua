-- wrk script for bench/load.py: a reader's mix of pages and API calls, and a one-line summary.
-- Arguments: lowest pair id, highest pair id.
local low, high = 1, 1
local words = {"government", "police", "said", "minister", "troops", "report", "not", "health"}
local filters = {
  "/?status=confirmed&sort=similarity",
  "/?status=candidate",
  "/?kind=negation",
  "/?sort=newest",
  "/?status=dismissed&sort=newest&page=2",
}

function init(args)
  low, high = tonumber(args[1]), tonumber(args[2])
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local r = math.random(100)
  local path
  if r <= 20 then
    path = "/"
  elseif r <= 35 then
    path = filters[math.random(#filters)]
  elseif r <= 50 then
    path = "/?q=" .. words[math.random(#words)]
  elseif r <= 75 then
    path = "/pairs/" .. math.random(low, high) .. "/"
  elseif r <= 88 then
    path = "/api/pairs/?page=" .. math.random(1, 20)
  else
    path = "/api/pairs/" .. math.random(low, high) .. "/"
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d non2xx3xx=%d connect=%d read=%d write=%d timeout=%d p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f rps=%.1f\n",
    summary.requests, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1000000)))
end
