#!/usr/bin/env bash
# spop-load set for BENCHMARKS.md: the agent pinned to CPU 1 (taskset -c 1), generator and sink on CPU 0.
#   1. full tracing (OTLP/HTTP to bench/OtlpSink), as fast as possible, ROUNDS times (median reported)
#   2. -T none (ACK only), as fast as possible, ROUNDS times
#   3. full tracing, rate-limited to half the median of 1, and at 75,000 msgs/s (half the issue's 150,000): the
#      "p99 ACK latency < 1 ms at half rate" target. The sink runs at SCHED_IDLE there, so that it never delays the
#      generator's reads, which the generator would count as ACK latency (BENCHMARKS.md, spop-load). Not at full
#      speed, where the generator leaves too little and the sink would stall the exporter.
# Environment: DURATION (s, default 10), ROUNDS (3), CONNECTIONS (4). Output: RESULT lines, also in bench/.results/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-4}
OUT=$ROOT/bench/.out
RES=$ROOT/bench/.results/spopload-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RES"
dotnet publish "$ROOT/src/Cli" -c Release -o "$OUT/agent" -v quiet -nologo >"$RES/build.log"
dotnet publish "$ROOT/bench/OtlpSink" -c Release -o "$OUT/sink" -v quiet -nologo >>"$RES/build.log"
dotnet publish "$ROOT/bench/SpopLoad" -c Release -o "$OUT/spopload" -v quiet -nologo >>"$RES/build.log"

load() { # NAME ARGS...
    local name=$1; shift
    taskset -c 0 "$OUT/spopload/SpoaOpenTracing.Bench.SpopLoad" --agent "$OUT/agent/spoa-opentracing" --agent-cpus 1 \
        --sink "$OUT/sink/otlp-sink" --connections "$CONNECTIONS" --duration "$DURATION" --warmup 2 \
        --log-dir "$RES/$name" "$@" | tee "$RES/$name.txt" | grep '^RESULT' | sed "s/^RESULT/RESULT run=$name/"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
    load "tracing-$round" --mode tracing
    load "none-$round" --mode none
done | tee "$RES/results.txt"
median=$(grep 'run=tracing' "$RES/results.txt" | sed 's/.*msgs_per_s=\([0-9]*\).*/\1/' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
load "tracing-half-rate" --mode tracing --rate $((median / 2)) --sink-idle | tee -a "$RES/results.txt"
load "tracing-75000" --mode tracing --rate 75000 --sink-idle | tee -a "$RES/results.txt"
load "none-75000" --mode none --rate 75000 | tee -a "$RES/results.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results in $RES"
