# Sourced by scripts/demo.sh, bench/e2e/run.sh and bench/soak/run.sh. Every process such a script starts goes into
# "pids" (pids+=($!)); on exit each one is stopped by its PID: SIGTERM, up to 5 s to go, then SIGKILL.
# wait_port PORT waits up to 10 s for a listener on 127.0.0.1:PORT.

pids=()

stop_pids() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap stop_pids EXIT

wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1" >&2
  return 1
}
