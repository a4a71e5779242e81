#!/usr/bin/env bash
# Soak: HAProxy 2.6 + the published agent (OTLP/HTTP to a local sink) driven by wrk at its maximum rate for a bounded
# time; every 10 s the agent's RSS and threads (/proc) and its GC heap, thread-pool threads, open traces and counters
# (its /metrics endpoint) are sampled. Then analyze.py checks: RSS flat after warm-up (least-squares slope over the
# window below the threshold), zero SPOE errors in HAProxy's log, every NOTIFY ACKed, nothing left open.
#
#   bench/soak/run.sh                        # 10 minutes
#   SOAK_DURATION=180 bench/soak/run.sh      # 3 minutes
# Env: SOAK_DURATION (s, 600), SOAK_WINDOW (s judged for the RSS trend, 480; half the run when the run is shorter),
#      SOAK_CONNECTIONS (wrk connections, 16), SOAK_SLOPE_MAX_KIB_PER_MIN (RSS slope threshold, 1024), SOAK_OUT (dir).
# Everything listens on 127.0.0.1; every process started here is stopped by its PID at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
duration="${SOAK_DURATION:-600}"
window="${SOAK_WINDOW:-480}"
(( window >= duration )) && window=$(( duration / 2 ))
connections="${SOAK_CONNECTIONS:-16}"
out="${SOAK_OUT:-$(mktemp -d /tmp/spoa-soak.XXXXXX)}"
mkdir -p "$out"
echo "soak: ${duration} s, RSS window the last ${window} s, ${connections} connections, output in $out"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# shellcheck source=scripts/lib/processes.sh
. scripts/lib/processes.sh

dotnet publish src/Cli -c Release -o "$out/agent" --nologo -v q >/dev/null
sink_port=$(free_port); agent_port=$(free_port); metrics_port=$(free_port); front_port=$(free_port); origin_port=$(free_port)

python3 bench/soak/sink.py "$sink_port" & pids+=($!)
wait_port "$sink_port"

OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink_port" \
  "$out/agent/spoa-opentracing" -r 0 -p "$agent_port" --metrics-address="$metrics_port" -i 60s >"$out/agent.log" 2>&1 &
agent_pid=$!; pids+=($agent_pid)
wait_port "$agent_port"; wait_port "$metrics_port"

sed "s/127.0.0.1:12345/127.0.0.1:$agent_port/" examples/spoe.cfg >"$out/spoe.cfg"
sed -e "s|{{FRONT}}|$front_port|; s|{{ORIGIN}}|$origin_port|g; s|{{AGENT}}|$agent_port|; s|{{DIR}}|$out|" \
  bench/soak/haproxy.cfg >"$out/haproxy.cfg"
haproxy -c -q -f "$out/haproxy.cfg"
haproxy -db -f "$out/haproxy.cfg" >"$out/haproxy.log" 2>&1 & haproxy_pid=$!; pids+=($haproxy_pid)
wait_port "$front_port"
curl -fsS "http://127.0.0.1:$front_port/" >/dev/null

sample() {
  local t=$1 metrics rss threads
  metrics=$(curl -fsS "http://127.0.0.1:$metrics_port/metrics")
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$agent_pid/status")
  threads=$(awk '/^Threads/ {print $2}' "/proc/$agent_pid/status")
  m() { awk -v name="$1" -v label="${2:-}" 'index($0, name) == 1 && index($0, label) { sum += $NF } END { printf "%.0f", sum }' <<<"$metrics"; }
  echo "$t,$rss,$threads,$(m dotnet_gc_last_collection_heap_size_bytes),$(m dotnet_thread_pool_thread_count),$(m tracing_traces_open),$(m tracing_spans_open),$(m tracing_export_queue),$(m spop_frames_total 'kind="notify"'),$(m spop_acks_total 'kind="sent"'),$(m tracing_spans_total 'kind="started"'),$(m tracing_export_spans_total 'kind="exported"'),$(m tracing_export_spans_total 'kind="queue_full"'),$(m spop_connections_open),$(m dotnet_gc_last_collection_memory_committed_size_bytes)"
}

csv="$out/samples.csv"
echo "t,rss_kib,threads,gc_heap_bytes,threadpool_threads,open_traces,open_spans,export_queue,notify_frames,acks_sent,spans_started,spans_exported,spans_dropped_queue_full,spop_connections,gc_committed_bytes" >"$csv"
sample 0 >>"$csv"
wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s "http://127.0.0.1:$front_port/" >"$out/wrk.txt" 2>&1 & wrk_pid=$!; pids+=($wrk_pid)
for (( t = 10; t <= duration; t += 10 )); do
  sleep 10
  sample "$t" >>"$csv"
done
wait "$wrk_pid" || true

# Let the agent's idle reaper (30 s) and exporter settle, then one last sample.
sleep 35
sample "after" >>"$csv"
curl -fsS "http://127.0.0.1:$sink_port/stats" >"$out/sink.txt"
kill -TERM "$haproxy_pid"; wait "$haproxy_pid" 2>/dev/null || true
kill -TERM "$agent_pid"; wait "$agent_pid" 2>/dev/null || true

python3 bench/soak/analyze.py "$out" "$window" "${SOAK_SLOPE_MAX_KIB_PER_MIN:-1024}"
