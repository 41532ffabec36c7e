-- wrk reporter for bench/run.py: one JSON line with exact percentiles and the error counts.
-- (wrk's own --latency table stops at p99 and rounds; this one adds p95 and stays exact.)
-- summary.errors.status counts responses with status > 399 ("Non-2xx or 3xx responses").

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH-RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx_3xx": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %.0f, "p90_us": %.0f, "p95_us": %.0f, "p99_us": %.0f, ' ..
    '"mean_us": %.1f, "max_us": %.0f}\n',
    summary.requests, summary.duration, summary.bytes, errors.status,
    errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.mean, latency.max))
end
