#!/usr/bin/env bash
# The main job in one command: builds the agent, starts Debian's HAProxy (installed when missing) with the
# configs from examples/, a small origin server on loopback and the agent with the console exporter, sends a few
# requests, prints the resulting trace trees, and stops everything it started by PID. A second HAProxy runs the
# log-mode preset (examples/haproxy-logs.cfg, frontend moved to 10081): its trace lines reach the same agent over
# UDP, and their traces print next to the SPOE ones.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work="$root/.demo"
rm -rf "$work"; mkdir -p "$work"

scripts/ensure-haproxy.sh
echo "== building the agent (dotnet publish src/Cli -c Release -o out)"
dotnet publish src/Cli -c Release -o out --nologo -v q >/dev/null

# shellcheck source=scripts/lib/processes.sh
. scripts/lib/processes.sh

echo "== starting the agent: out/spoa-opentracing -r0 -T console -p 12345 --syslog udp://127.0.0.1:5140"
OTEL_SERVICE_NAME=haproxy-demo OTEL_BSP_SCHEDULE_DELAY=200 \
  out/spoa-opentracing -r0 -T console -p 12345 --syslog udp://127.0.0.1:5140 >"$work/agent.log" 2>&1 &
pids+=($!)
wait_port 12345

echo "== starting HAProxy $(haproxy -v | head -n 1 | awk '{print $3}') with examples/haproxy.cfg, examples/spoe.cfg and a demo origin"
(cd examples && exec haproxy -db -f haproxy.cfg -f demo-backend.cfg) >"$work/haproxy.log" 2>&1 &
pids+=($!)
wait_port 10080

echo "== starting HAProxy with examples/haproxy-logs.cfg (log mode, frontend 127.0.0.1:10081, same origin)"
sed 's#127.0.0.1:10080#127.0.0.1:10081#' examples/haproxy-logs.cfg >"$work/haproxy-logs.cfg"
haproxy -db -f "$work/haproxy-logs.cfg" >"$work/haproxy-logs.log" 2>&1 &
pids+=($!)
wait_port 10081

request() { # PORT PATH
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf 'GET %s HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n' "$2" >&3
  local status
  status=$(head -n 1 <&3 | tr -d '\r')
  exec 3>&-
  echo "   GET :$1$2 -> $status"
}
echo "== sending requests (SPOE on 10080, log mode on 10081)"
request 10080 /
request 10080 /index.html?user=demo
request 10080 /missing
request 10081 /log-mode?user=demo

sleep 2   # the batch exporter sends every 200 ms; give the last trace time to print
echo "== traces printed by the agent (console exporter)"
cat "$work/agent.log"
