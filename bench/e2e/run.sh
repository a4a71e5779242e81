#!/usr/bin/env bash
# End-to-end benchmark, one sitting: wrk -> HAProxy 2.6 -> nginx, with and without the SPOE filter and our agent.
#   A  no SPOE filter
#   B  examples/spoe.cfg, agent -T none (ACK only)
#   C  examples/spoe.cfg, agent exporting OTLP/HTTP to bench/OtlpSink (spans counted: 9 per request expected)
#   D  examples/haproxy-semconv.cfg + spoe-semconv.cfg, when both exist (else recorded as not run); 2 spans per request
#   F  examples/spoe.cfg, bench/floor-agent (a minimal C agent that only ACKs): HAProxy's own SPOE cost, when gcc exists
#   G  D's preset with bench/floor-agent (both exchanges per request), when gcc exists
#   E  examples/haproxy-oneshot.cfg + spoe-oneshot.cfg (one exchange per request, HAProxy mints the context), one agent
#      (the preset's second agent server line removed, on D's footing) exporting OTLP/HTTP to the sink; 2 spans per request
#   Q  E's preset with bench/floor-agent: E's floor, when gcc exists
#   Z  Q with the floor agent serving each connection on a thread of its own (blocking I/O, our agent's shape)
#   P  F with the floor agent on a thread per connection: Z's question for the seed's eight exchanges per request
#   O  E's preset with bench/NoopAgent (our SPOP layer alone); X  E's agent with -T none (the message read, no spans)
#   N  examples/spoe.cfg, bench/NoopAgent: our SPOP layer with a handler that does nothing (F < N < B splits the cost)
#   S  N with a handler that busy-waits SPIN_NS nanoseconds per message, when SPIN_NS is set: what handler CPU costs
#   H  C exporting OTLP/gRPC to the sink instead (-T otlp-grpc, OTLP's default protocol), when GRPC=1
#   L  log mode: examples/haproxy-logs.cfg (every request sampled), trace lines over UDP to the agent
#      (-p 0 --syslog udp://...) exporting OTLP/HTTP to the sink; no SPOE; 2 spans per request
#   T  L over TCP: the preset's `ring` section forwarding the trace lines to the agent's `--syslog tcp://`
#   K  L's HAProxy with its trace lines sent to a UDP socket that nobody reads (the kernel drops them): what the
#      preset costs HAProxy alone, the ceiling of L on this machine (L/K is the agent's share)
# Interleaved A B C D, A B C D, ... for ROUNDS rounds; medians go to BENCHMARKS.md (between the e2e markers).
# Environment: DURATION (s per wrk run, default 20), ROUNDS (3), WARMUP (s per configuration before round 1, 3),
#   PORT_BASE (21000), NO_UPDATE=1 (do not touch BENCHMARKS.md), ONLY="A B C" (run only these configurations),
#   SINK_IDLE=1 (run the sink at SCHED_IDLE: it then only gets CPU time HAProxy, wrk, nginx and the agents leave, as
#   a collector on another machine would; the span check shows whether it kept up),
#   SPIN_NS (adds configuration S, above), GRPC=1 (adds configuration H, above),
#   VARIANT="NAME=VALUE ..." (adds V = B, W = C and Y = E with these extra agent environment variables, interleaved
#   with the others, to measure a runtime setting before/after in the same sitting),
#   STEAL_MAX=N (a run during which the hypervisor took more than N % of the machine's CPU time, the steal column, is
#   run again, up to STEAL_ATTEMPTS times in all (4); the last attempt is kept whatever its steal).
#   Every process is stopped by its PID.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3}
PORT_BASE=${PORT_BASE:-21000}
OUT=$ROOT/bench/.out
RES=$ROOT/bench/.results/e2e-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RES/www" "$RES/nginx-tmp"

ORIGIN_PORT=$PORT_BASE
SINK_PORT=$((PORT_BASE + 1))
SINK_GRPC_PORT=$((PORT_BASE + 2))
VARIANT=${VARIANT:-}
STEAL_MAX=${STEAL_MAX:-}
STEAL_ATTEMPTS=${STEAL_ATTEMPTS:-4}
declare -A FRONT=([A]=$((PORT_BASE + 10)) [B]=$((PORT_BASE + 11)) [C]=$((PORT_BASE + 12)) [D]=$((PORT_BASE + 13))
    [F]=$((PORT_BASE + 14)) [G]=$((PORT_BASE + 17)) [N]=$((PORT_BASE + 18)) [S]=$((PORT_BASE + 19)) [H]=$((PORT_BASE + 20)) [V]=$((PORT_BASE + 15)) [W]=$((PORT_BASE + 16))
    [E]=$((PORT_BASE + 31)) [Q]=$((PORT_BASE + 33)) [L]=$((PORT_BASE + 35)) [K]=$((PORT_BASE + 38)) [T]=$((PORT_BASE + 40)) [Y]=$((PORT_BASE + 43)) [Z]=$((PORT_BASE + 45)) [O]=$((PORT_BASE + 47)) [X]=$((PORT_BASE + 49)) [P]=$((PORT_BASE + 51)))
# L's agent has no SPOE port: HAProxy logs to LOG_PORT (UDP), and the agent's metrics port tells it is up.
LOG_PORT=$((PORT_BASE + 36))
L_METRICS_PORT=$((PORT_BASE + 37))
K_LOG_PORT=$((PORT_BASE + 39))
T_LOG_PORT=$((PORT_BASE + 41))
T_METRICS_PORT=$((PORT_BASE + 42))
declare -A AGENT_PORT=([B]=$((PORT_BASE + 21)) [C]=$((PORT_BASE + 22)) [D]=$((PORT_BASE + 23)) [F]=$((PORT_BASE + 24))
    [G]=$((PORT_BASE + 27)) [N]=$((PORT_BASE + 28)) [S]=$((PORT_BASE + 29)) [H]=$((PORT_BASE + 30)) [V]=$((PORT_BASE + 25)) [W]=$((PORT_BASE + 26))
    [E]=$((PORT_BASE + 32)) [Q]=$((PORT_BASE + 34)) [Y]=$((PORT_BASE + 44)) [Z]=$((PORT_BASE + 46)) [O]=$((PORT_BASE + 48)) [X]=$((PORT_BASE + 50)) [P]=$((PORT_BASE + 52)))
declare -A AGENT_PID=() HAPROXY_PID=()
# shellcheck source=scripts/lib/processes.sh
. "$ROOT/scripts/lib/processes.sh"

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# start NAME CMD... : runs CMD in the background with its output in $RES/NAME.log; the PID lands in LAST_PID.
start() {
    local name=$1; shift
    "$@" >"$RES/$name.log" 2>&1 &
    LAST_PID=$!
    pids+=("$LAST_PID")
}

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
# The machine's total, steal and idle ticks. Steal is time the hypervisor gave our vCPUs to someone else: a run with
# much steal measured a contended host, not the configuration. Idle (with iowait) is time no process wanted: near 0,
# the run was CPU-bound and every µs an agent or the sink spends comes off HAProxy; well above it, HAProxy waited.
machine_ticks() { awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9, $5 + $6 }' /proc/stat; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
sink_spans() { curl -s "http://127.0.0.1:$SINK_PORT/count" | awk '{ print $1 }'; }
# The sink's span count once it stops moving (the batch exporter sends every 5 s or per 512 spans).
settled_spans() {
    local last=-1 now
    now=$(sink_spans)
    for _ in $(seq 15); do [ "$now" = "$last" ] && break; sleep 1; last=$now; now=$(sink_spans); done
    echo "$now"
}
exports_spans() { case $1 in C | D | E | H | W | Y | L | T) return 0 ;; *) return 1 ;; esac; }

# --- tools -------------------------------------------------------------------------------------------------------
need_apt() { command -v "$1" >/dev/null || { [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq; APT_UPDATED=1; }; apt-get install -y -qq "$2" >/dev/null; }; }
need_apt nginx nginx
need_apt wrk wrk
need_apt curl curl
need_apt python3 python3
HAPROXY=${HAPROXY:-/usr/sbin/haproxy}
[ -x "$HAPROXY" ] || need_apt haproxy haproxy
NGINX=$(command -v nginx)

# --- build -------------------------------------------------------------------------------------------------------
log "building the agent and the sink (Release)"
dotnet publish "$ROOT/src/Cli" -c Release -o "$OUT/agent" -v quiet -nologo >"$RES/build-agent.log"
dotnet publish "$ROOT/bench/OtlpSink" -c Release -o "$OUT/sink" -v quiet -nologo >"$RES/build-sink.log"
dotnet publish "$ROOT/bench/NoopAgent" -c Release -o "$OUT/noop" -v quiet -nologo >"$RES/build-noop.log"
AGENT=$OUT/agent/spoa-opentracing

# --- origin, sink, agents, HAProxies -----------------------------------------------------------------------------
printf '<html><body>spoa-opentracing benchmark</body></html>\n' >"$RES/www/index.html"
sed -e "s#@DIR@#$RES#g" -e "s#@ORIGIN_PORT@#$ORIGIN_PORT#g" "$ROOT/bench/e2e/nginx.conf.in" >"$RES/nginx.conf"
start nginx "$NGINX" -c "$RES/nginx.conf"
wait_port "$ORIGIN_PORT"

SINK_IDLE=${SINK_IDLE:-}
start sink ${SINK_IDLE:+chrt --idle 0} "$OUT/sink/otlp-sink" --port "$SINK_PORT" --grpc-port "$SINK_GRPC_PORT"
SINK_PID=$LAST_PID
wait_port "$SINK_PORT"

start agent-B "$AGENT" -r0 -a 127.0.0.1 -p "${AGENT_PORT[B]}" -T none
AGENT_PID[B]=$LAST_PID
start agent-C env OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
    "$AGENT" -r0 -a 127.0.0.1 -p "${AGENT_PORT[C]}" -T otlp-http
AGENT_PID[C]=$LAST_PID

haproxy_cfg() { # CONFIG FILTER-LINE
    sed -e "s#@FRONT_PORT@#${FRONT[$1]}#g" -e "s#@ORIGIN_PORT@#$ORIGIN_PORT#g" -e "s#@AGENT_PORT@#${AGENT_PORT[$1]:-1}#g" \
        -e "s#@FILTER@#$2#" "$ROOT/bench/e2e/haproxy.cfg.in" >"$RES/haproxy-$1.cfg"
}
haproxy_cfg A ""
haproxy_cfg B "filter spoe engine spoe-test config $ROOT/examples/spoe.cfg"
haproxy_cfg C "filter spoe engine spoe-test config $ROOT/examples/spoe.cfg"
CONFIGS=(A B C)
start agent-N "$OUT/noop/noop-agent" "${AGENT_PORT[N]}"
AGENT_PID[N]=$LAST_PID
haproxy_cfg N "filter spoe engine spoe-test config $ROOT/examples/spoe.cfg"
CONFIGS+=(N)
SPIN_NS=${SPIN_NS:-}
if [ -n "$SPIN_NS" ]; then
    start agent-S "$OUT/noop/noop-agent" "${AGENT_PORT[S]}" "$SPIN_NS"
    AGENT_PID[S]=$LAST_PID
    haproxy_cfg S "filter spoe engine spoe-test config $ROOT/examples/spoe.cfg"
    CONFIGS+=(S)
fi
if [ -n "$VARIANT" ]; then
    read -r -a VARIANT_ENV <<<"$VARIANT"
    start agent-V env "${VARIANT_ENV[@]}" "$AGENT" -r0 -a 127.0.0.1 -p "${AGENT_PORT[V]}" -T none
    AGENT_PID[V]=$LAST_PID
    start agent-W env "${VARIANT_ENV[@]}" OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" \
        OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf "$AGENT" -r0 -a 127.0.0.1 -p "${AGENT_PORT[W]}" -T otlp-http
    AGENT_PID[W]=$LAST_PID
    haproxy_cfg V "filter spoe engine spoe-test config $ROOT/examples/spoe.cfg"
    haproxy_cfg W "filter spoe engine spoe-test config $ROOT/examples/spoe.cfg"
    CONFIGS=(A B V C W "${CONFIGS[@]:3}")
fi
if [ -n "${GRPC:-}" ]; then
    start agent-H env OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_GRPC_PORT" \
        "$AGENT" -r0 -a 127.0.0.1 -p "${AGENT_PORT[H]}" -T otlp-grpc
    AGENT_PID[H]=$LAST_PID
    haproxy_cfg H "filter spoe engine spoe-test config $ROOT/examples/spoe.cfg"
    CONFIGS+=(H)
fi
semconv_cfg() { # CONFIG [sed expression]
    sed -e "s#127.0.0.1:10080#127.0.0.1:${FRONT[$1]}#g; s#\*:10080#127.0.0.1:${FRONT[$1]}#g" \
        -e 's#^global$#global\n    nbthread 1#' -e '/option httpclose/d' -e '/^ *log stdout/d' \
        -e "s#127.0.0.1:8000#127.0.0.1:$ORIGIN_PORT#g; s#127.0.0.1:12345#127.0.0.1:${AGENT_PORT[$1]}#g" \
        -e "s#config spoe-semconv.cfg#config $ROOT/examples/spoe-semconv.cfg#" \
        -e '/^listen stats/,/^$/d' -e '/stats socket/d' -e "${2:-}" "$ROOT/examples/haproxy-semconv.cfg" >"$RES/haproxy-$1.cfg"
}
D_NOTE="examples/haproxy-semconv.cfg and examples/spoe-semconv.cfg are not on this branch"
if [ -f "$ROOT/examples/haproxy-semconv.cfg" ] && [ -f "$ROOT/examples/spoe-semconv.cfg" ]; then
    # The semconv preset with our ports: frontend, origin and agent addresses, and the SPOE file by absolute path;
    # on the same footing as A/B/C (haproxy.cfg.in): nbthread 1, keep-alive instead of httpclose, no access log.
    semconv_cfg D
    start agent-D env OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
        "$AGENT" -r0 -a 127.0.0.1 -p "${AGENT_PORT[D]}" -T otlp-http
    AGENT_PID[D]=$LAST_PID
    CONFIGS+=(D)
    D_NOTE=""
fi
oneshot_cfg() { # CONFIG
    # The one-exchange preset with our ports and D's footing: one agent (the second server line removed), nbthread 1,
    # keep-alive, no access log; every request sampled (the preset's TRACE_SAMPLE_PER_MILLION 1000000).
    sed -e "s#127.0.0.1:10080#127.0.0.1:${FRONT[$1]}#g" \
        -e 's#^global$#global\n    nbthread 1#' -e '/option httpclose/d' -e '/^ *log stdout/d' \
        -e "s#127.0.0.1:8000#127.0.0.1:$ORIGIN_PORT#g; s#127.0.0.1:12345#127.0.0.1:${AGENT_PORT[$1]}#g" -e '/127.0.0.1:12346/d' \
        -e "s#config spoe-oneshot.cfg#config $ROOT/examples/spoe-oneshot.cfg#" "$ROOT/examples/haproxy-oneshot.cfg" >"$RES/haproxy-$1.cfg"
}
oneshot_cfg E
start agent-E env OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
    "$AGENT" -r0 -a 127.0.0.1 -p "${AGENT_PORT[E]}" -T otlp-http
AGENT_PID[E]=$LAST_PID
CONFIGS+=(E)
start agent-O "$OUT/noop/noop-agent" "${AGENT_PORT[O]}"
AGENT_PID[O]=$LAST_PID
oneshot_cfg O
CONFIGS+=(O)
start agent-X "$AGENT" -r0 -a 127.0.0.1 -p "${AGENT_PORT[X]}" -T none
AGENT_PID[X]=$LAST_PID
oneshot_cfg X
CONFIGS+=(X)
if [ -n "$VARIANT" ]; then
    oneshot_cfg Y
    start agent-Y env "${VARIANT_ENV[@]}" OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" \
        OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf "$AGENT" -r0 -a 127.0.0.1 -p "${AGENT_PORT[Y]}" -T otlp-http
    AGENT_PID[Y]=$LAST_PID
    CONFIGS+=(Y)
fi
if command -v gcc >/dev/null; then
    # The floor: the cheapest agent possible, so F/A and G/A are what HAProxy's SPOE exchanges cost by themselves.
    gcc -O2 -o "$OUT/floor-agent" "$ROOT/bench/floor-agent/floor-agent.c"
    start agent-F "$OUT/floor-agent" "${AGENT_PORT[F]}"
    AGENT_PID[F]=$LAST_PID
    haproxy_cfg F "filter spoe engine spoe-test config $ROOT/examples/spoe.cfg"
    CONFIGS+=(F)
    start agent-P "$OUT/floor-agent" "${AGENT_PORT[P]}" threads
    AGENT_PID[P]=$LAST_PID
    haproxy_cfg P "filter spoe engine spoe-test config $ROOT/examples/spoe.cfg"
    CONFIGS+=(P)
    if [ -z "$D_NOTE" ]; then
        # G = D's two exchanges per request: the floor sets no txn.spoe.sampled, so the response group is sent always.
        start agent-G "$OUT/floor-agent" "${AGENT_PORT[G]}"
        AGENT_PID[G]=$LAST_PID
        semconv_cfg G 's# if { var(txn.spoe.sampled) -m bool }##'
        CONFIGS+=(G)
    fi
    # Q = E's one exchange per request (every request is sampled, so the floor gets every message E's agent gets).
    start agent-Q "$OUT/floor-agent" "${AGENT_PORT[Q]}"
    AGENT_PID[Q]=$LAST_PID
    oneshot_cfg Q
    CONFIGS+=(Q)
    start agent-Z "$OUT/floor-agent" "${AGENT_PORT[Z]}" threads
    AGENT_PID[Z]=$LAST_PID
    oneshot_cfg Z
    CONFIGS+=(Z)
fi

# L: the log-mode preset on the same footing as D (nbthread 1, keep-alive, no stdout log), lines to LOG_PORT.
sed -e "s#127.0.0.1:10080#127.0.0.1:${FRONT[L]}#g" -e 's#^global$#global\n    nbthread 1#' -e '/option httpclose/d' \
    -e '/^ *log stdout/d' -e "s#127.0.0.1:8000#127.0.0.1:$ORIGIN_PORT#g" -e "s#log 127.0.0.1:5140 #log 127.0.0.1:$LOG_PORT #" \
    "$ROOT/examples/haproxy-logs.cfg" >"$RES/haproxy-L.cfg"
start agent-L env OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
    "$AGENT" -r0 -p 0 --syslog "udp://127.0.0.1:$LOG_PORT" --metrics-address "127.0.0.1:$L_METRICS_PORT" -T otlp-http
AGENT_PID[L]=$LAST_PID
wait_port "$L_METRICS_PORT"
CONFIGS+=(L)

# K: L's HAProxy, lines to a bound UDP socket with a small receive buffer that is never read.
sed -e "s#127.0.0.1:${FRONT[L]}#127.0.0.1:${FRONT[K]}#g" -e "s#log 127.0.0.1:$LOG_PORT #log 127.0.0.1:$K_LOG_PORT #" \
    "$RES/haproxy-L.cfg" >"$RES/haproxy-K.cfg"
start udp-sink-K python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.bind(("127.0.0.1", int(sys.argv[1])))
time.sleep(10**9)' "$K_LOG_PORT"
CONFIGS+=(K)

# T: the preset's ring section uncommented, its server the agent's TCP input, the frontend logging to the ring only.
sed -e '/BEGIN tcp ring/,/END tcp ring/ { /----/! s/^#// }' -e "s#server agent-1 127.0.0.1:5141#server agent-1 127.0.0.1:$T_LOG_PORT#" \
    -e "s#127.0.0.1:10080#127.0.0.1:${FRONT[T]}#g" -e 's#^global$#global\n    nbthread 1#' -e '/option httpclose/d' \
    -e '/^ *log stdout/d' -e "s#127.0.0.1:8000#127.0.0.1:$ORIGIN_PORT#g" -e '/^ *log 127.0.0.1:5140 /d' \
    -e 's/^\( *\)#log ring@trace-ring/\1log ring@trace-ring/' "$ROOT/examples/haproxy-logs.cfg" >"$RES/haproxy-T.cfg"
start agent-T env OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
    "$AGENT" -r0 -p 0 --syslog "tcp://127.0.0.1:$T_LOG_PORT" --metrics-address "127.0.0.1:$T_METRICS_PORT" -T otlp-http
AGENT_PID[T]=$LAST_PID
wait_port "$T_METRICS_PORT"
CONFIGS+=(T)

if [ -n "${ONLY:-}" ]; then
    selected=()
    for c in "${CONFIGS[@]}"; do [[ " $ONLY " == *" $c "* ]] && selected+=("$c"); done
    CONFIGS=("${selected[@]}")
    [[ " ${CONFIGS[*]} " == *" D "* ]] || D_NOTE="not selected (ONLY=\"$ONLY\")"
fi
for c in "${!AGENT_PID[@]}"; do [ -n "${AGENT_PORT[$c]:-}" ] && wait_port "${AGENT_PORT[$c]}"; done
for c in "${CONFIGS[@]}"; do
    "$HAPROXY" -c -q -f "$RES/haproxy-$c.cfg"
    start "haproxy-$c" "$HAPROXY" -db -f "$RES/haproxy-$c.cfg"
    HAPROXY_PID[$c]=$LAST_PID
    wait_port "${FRONT[$c]}"
done

# --- measure -----------------------------------------------------------------------------------------------------
URL_PATH=/index.html
for c in "${CONFIGS[@]}"; do
    log "warm-up $c (${WARMUP}s)"
    wrk -c8 -t2 -d"${WARMUP}" "http://127.0.0.1:${FRONT[$c]}$URL_PATH" >/dev/null
done

to_us() { awk '{ v = $1 + 0; if ($1 ~ /us$/) print v; else if ($1 ~ /ms$/) print v * 1000; else print v * 1000000 }'; }
printf 'config\tround\treq_s\tp50_us\tp99_us\trequests\tagent_cpu_pct\tagent_rss_kb\tagent_hwm_kb\tspans\tspan_ratio\tnon2xx\tsink_cpu_pct\tsteal_pct\tidle_pct\thaproxy_cpu_pct\n' >"$RES/raw.tsv"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$ROUNDS"); do
    for c in "${CONFIGS[@]}"; do
        pid=${AGENT_PID[$c]:-}
        for attempt in $(seq "$STEAL_ATTEMPTS"); do
            [ -n "$pid" ] && cpu0=$(cpu_ticks "$pid")
            spans0=0
            sink0=$(cpu_ticks "$SINK_PID")
            haproxy0=$(cpu_ticks "${HAPROXY_PID[$c]}")
            read -r total0 steal0 idle0 < <(machine_ticks)
            # A discarded attempt's last batch may still be on its way; before the first, the count is already still.
            exports_spans "$c" && spans0=$(if [ "$attempt" -eq 1 ]; then sink_spans; else settled_spans; fi)
            log "round $round: $c (${DURATION}s)"
            wrk -c8 -t2 -d"${DURATION}" --latency "http://127.0.0.1:${FRONT[$c]}$URL_PATH" >"$RES/wrk-$c-$round.txt"
            sink1=$(cpu_ticks "$SINK_PID")
            haproxy1=$(cpu_ticks "${HAPROXY_PID[$c]}")
            read -r total1 steal1 idle1 < <(machine_ticks)
            steal=$(awk -v t="$((total1 - total0))" -v s="$((steal1 - steal0))" 'BEGIN { printf "%.0f", (t > 0 ? 100 * s / t : 0) }')
            idle=$(awk -v t="$((total1 - total0))" -v i="$((idle1 - idle0))" 'BEGIN { printf "%.0f", (t > 0 ? 100 * i / t : 0) }')
            [ -z "$STEAL_MAX" ] || [ "$steal" -le "$STEAL_MAX" ] || [ "$attempt" -eq "$STEAL_ATTEMPTS" ] && break
            log "round $round: $c ran with $steal % steal (STEAL_MAX=$STEAL_MAX): again"
        done
        cpu="-"; rss="-"; hwm="-"; spans="-"; ratio="-"; sink_cpu="-"
        haproxy_cpu=$(awk -v a="$haproxy0" -v b="$haproxy1" -v d="$DURATION" 'BEGIN { printf "%.0f", (b - a) / d }')
        if [ -n "$pid" ]; then
            cpu1=$(cpu_ticks "$pid")
            cpu=$(awk -v a="$cpu0" -v b="$cpu1" -v d="$DURATION" 'BEGIN { printf "%.0f", (b - a) / d }')
            rss=$(status_kb "$pid" VmRSS); hwm=$(status_kb "$pid" VmHWM)
        fi
        w=$RES/wrk-$c-$round.txt
        rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$w")
        p50=$(awk '$1 == "50%" { print $2 }' "$w" | to_us)
        p99=$(awk '$1 == "99%" { print $2 }' "$w" | to_us)
        requests=$(awk '/requests in/ { print $1 }' "$w")
        non2xx=$(awk '/Non-2xx/ { print $NF }' "$w"); non2xx=${non2xx:-0}
        if exports_spans "$c"; then
            spans=$(($(settled_spans) - spans0))
            per_request=9; case $c in D | E | Y | L | T) per_request=2 ;; esac   # the seed's 9 spans; the presets' SERVER + CLIENT
            ratio=$(awk -v s="$spans" -v r="$requests" -v n="$per_request" 'BEGIN { printf "%.3f", s / (n * r) }')
            sink_cpu=$(awk -v a="$sink0" -v b="$sink1" -v d="$DURATION" 'BEGIN { printf "%.0f", (b - a) / d }')
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$round" "$rps" "$p50" "$p99" "$requests" "$cpu" "$rss" "$hwm" \
            "$spans" "$ratio" "$non2xx" "$sink_cpu" "$steal" "$idle" "$haproxy_cpu" >>"$RES/raw.tsv"
    done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
{ column -t -s $'\t' "$RES/raw.tsv" 2>/dev/null || cat "$RES/raw.tsv"; } >&2

# --- facts and the table -----------------------------------------------------------------------------------------
{
    echo "nproc=$(nproc)"
    echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "kernel=$(uname -r)"
    echo "haproxy=$("$HAPROXY" -v | head -1 | awk '{ print $3 }')"
    echo "dotnet=$(dotnet --version)"
    echo "nginx=$("$NGINX" -v 2>&1 | sed 's#.*nginx/##')"
    echo "wrk=$(wrk -v 2>&1 | head -1 | awk '{ print $2 }')"
    echo "duration=$DURATION"
    echo "rounds=$ROUNDS"
    echo "load_start=$LOAD_START"
    echo "load_end=$LOAD_END"
    echo "d_note=$D_NOTE"
    echo "variant=$VARIANT"
    echo "steal_max=$STEAL_MAX"
    echo "sink_idle=$SINK_IDLE"
    echo "only=${ONLY:-}"
    echo "spin_ns=$SPIN_NS"
    echo "grpc=${GRPC:-}"
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
} >"$RES/facts.txt"
python3 "$ROOT/bench/e2e/summarize.py" "$RES" >"$RES/summary.md"
cat "$RES/summary.md"
if [ -z "${NO_UPDATE:-}" ]; then
    python3 "$ROOT/bench/e2e/summarize.py" "$RES" --update "$ROOT/BENCHMARKS.md"
    log "BENCHMARKS.md updated from $RES"
fi
