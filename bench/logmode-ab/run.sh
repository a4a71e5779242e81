#!/usr/bin/env bash
# Two builds of the agent behind the same log-mode HAProxy (examples/haproxy-logs.cfg, every request sampled,
# trace lines over UDP, or TCP through the preset's ring), started in turn on the same --syslog port, rounds
# interleaved: req/s and the agent's CPU per request for each. For a change on the log-mode path, measured
# before/after in one sitting.
#   bench/logmode-ab/run.sh BEFORE_DIR AFTER_DIR     (each a `dotnet publish src/Cli -c Release -o DIR` output)
# Environment: ROUNDS (4), DURATION (s per wrk run, 10), PORT_BASE (23000), TRANSPORT (udp, or tcp: the ring, which
# reconnects to each agent in turn). Every process is stopped by its PID.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -eq 2 ] || { echo "usage: $0 BEFORE_DIR AFTER_DIR" >&2; exit 64; }
declare -A BUILD=([before]=$1 [after]=$2)
ROUNDS=${ROUNDS:-4}
DURATION=${DURATION:-10}
PORT_BASE=${PORT_BASE:-23000}
TRANSPORT=${TRANSPORT:-udp}
case $TRANSPORT in udp | tcp) ;; *) echo "TRANSPORT is udp or tcp" >&2; exit 64 ;; esac
ORIGIN_PORT=$PORT_BASE SINK_PORT=$((PORT_BASE + 1)) FRONT_PORT=$((PORT_BASE + 2)) LOG_PORT=$((PORT_BASE + 3))
RES=$ROOT/bench/.results/logmode-ab-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RES/www" "$RES/nginx-tmp"
# shellcheck source=scripts/lib/processes.sh
. "$ROOT/scripts/lib/processes.sh"
for tool in nginx wrk haproxy; do command -v "$tool" >/dev/null || { echo "$tool is needed (bench/e2e/run.sh installs it)" >&2; exit 1; }; done

dotnet publish "$ROOT/bench/OtlpSink" -c Release -o "$ROOT/bench/.out/sink" -v quiet -nologo >"$RES/build-sink.log"
printf '<html><body>spoa-opentracing benchmark</body></html>\n' >"$RES/www/index.html"
sed -e "s#@DIR@#$RES#g" -e "s#@ORIGIN_PORT@#$ORIGIN_PORT#g" "$ROOT/bench/e2e/nginx.conf.in" >"$RES/nginx.conf"
nginx -c "$RES/nginx.conf" & pids+=($!)
"$ROOT/bench/.out/sink/otlp-sink" --port "$SINK_PORT" --grpc-port "$((PORT_BASE + 4))" >"$RES/sink.log" 2>&1 & pids+=($!)
# The preset on bench/e2e's footing for L: nbthread 1, keep-alive, no stdout log, our ports.
sed -e "s#127.0.0.1:10080#127.0.0.1:$FRONT_PORT#g" -e 's#^global$#global\n    nbthread 1#' -e '/option httpclose/d' \
    -e '/^ *log stdout/d' -e "s#127.0.0.1:8000#127.0.0.1:$ORIGIN_PORT#g" -e "s#log 127.0.0.1:5140 #log 127.0.0.1:$LOG_PORT #" \
    "$ROOT/examples/haproxy-logs.cfg" >"$RES/haproxy.cfg"
if [ "$TRANSPORT" = tcp ]; then
    # The ring section uncommented, its server on LOG_PORT, the frontend logging to the ring only.
    sed -i -e '/BEGIN tcp ring/,/END tcp ring/ { /----/! s/^#// }' -e "s#server agent-1 127.0.0.1:5141#server agent-1 127.0.0.1:$LOG_PORT#" \
        -e "/^ *log 127.0.0.1:$LOG_PORT /d" -e 's/^\( *\)#log ring@trace-ring/\1log ring@trace-ring/' "$RES/haproxy.cfg"
fi
haproxy -db -f "$RES/haproxy.cfg" >"$RES/haproxy.log" 2>&1 & pids+=($!)
wait_port "$ORIGIN_PORT"; wait_port "$SINK_PORT"; wait_port "$FRONT_PORT"

ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
printf 'build\tround\treq_s\tagent_us_per_request\n' >"$RES/raw.tsv"
for round in $(seq "$ROUNDS"); do
    for build in before after; do
        env OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
            "${BUILD[$build]}/spoa-opentracing" -r0 -p 0 --syslog "$TRANSPORT://127.0.0.1:$LOG_PORT" -T otlp-http \
            >"$RES/agent-$build-$round.log" 2>&1 &
        agent=$!; pids+=("$agent")
        sleep 1.5
        wrk -c8 -t2 -d2 "http://127.0.0.1:$FRONT_PORT/index.html" >/dev/null
        t0=$(ticks "$agent")
        rps=$(wrk -c8 -t2 -d"$DURATION" "http://127.0.0.1:$FRONT_PORT/index.html" | awk '/Requests\/sec/ { print $2 }')
        t1=$(ticks "$agent")
        kill -TERM "$agent"; wait "$agent" 2>/dev/null || true
        awk -v b="$build" -v r="$round" -v rps="$rps" -v a="$t0" -v z="$t1" -v d="$DURATION" \
            'BEGIN { printf "%s\t%d\t%.0f\t%.1f\n", b, r, rps, (z - a) / 100 / d / rps * 1e6 }' | tee -a "$RES/raw.tsv"
    done
done
python3 - "$RES/raw.tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
for build in ("before", "after"):
    mine = [r for r in rows if r["build"] == build]
    print(f"{build}: median {statistics.median(float(r['req_s']) for r in mine):,.0f} req/s, "
          f"{statistics.median(float(r['agent_us_per_request']) for r in mine):.1f} µs of agent CPU per request")
PY
