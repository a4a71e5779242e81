#!/usr/bin/env bash
# Cold start: how long the very first NOTIFY after "listening" waits for its ACK (HAProxy's `timeout processing` is
# 100 ms in examples/spoe.cfg), for build candidates side by side. Each sample is a fresh agent process
# (first_ack.py: HELLO, then the 8 NOTIFYs of one seed request, one at a time); candidates are interleaved round by
# round and the medians printed as a Markdown table.
#
#   bench/coldstart/run.sh                 # 9 rounds
#   ROUNDS=15 bench/coldstart/run.sh
# Env: ROUNDS (9), PORT (the agent's port, 23456), COLDSTART_BASE (git revision of the build without the warm-up,
#      f68fa0f), AOT (1: also a Native AOT publish of the base, built with warnings allowed), OUT (dir).
# Candidates A-F and N are built from COLDSTART_BASE (git archive into OUT), W from the working tree.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rounds="${ROUNDS:-9}"
port="${PORT:-23456}"
base="${COLDSTART_BASE:-f68fa0f}"
out="${OUT:-$(mktemp -d /tmp/spoa-coldstart.XXXXXX)}"
mkdir -p "$out/base-src"
echo "coldstart: $rounds rounds, base $base, output in $out" >&2

git archive "$base" | tar -x -C "$out/base-src"
publish() { dotnet publish "$1/src/Cli" -c Release -o "$2" --nologo -v q "${@:3}" >/dev/null; }
publish "$out/base-src" "$out/base"
publish "$out/base-src" "$out/base-r2r" -r linux-x64 --self-contained false -p:PublishReadyToRun=true
publish . "$out/warm"

# name|binary directory|agent environment
candidates=(
  "A shipped (TieredCompilation off)|base|"
  "B TieredCompilation on|base|DOTNET_TieredCompilation=1"
  "C TC on, TieredPGO off, QuickJitForLoops off|base|DOTNET_TieredCompilation=1 DOTNET_TieredPGO=0 DOTNET_TC_QuickJitForLoops=0"
  "D ReadyToRun, TC off|base-r2r|"
  "E ReadyToRun, TC on|base-r2r|DOTNET_TieredCompilation=1"
  "F ReadyToRun, TC on, TieredPGO off, CallCountThreshold 1000|base-r2r|DOTNET_TieredCompilation=1 DOTNET_TieredPGO=0 DOTNET_TC_CallCountThreshold=1000"
  "W warm-up before listening (TC off)|warm|"
)
if [[ "${AOT:-1}" == 1 ]]; then
  # Daemonizer's Assembly.Location is an IL3000 warning (an error with the repository's settings) under AOT.
  publish "$out/base-src" "$out/base-aot" -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=false
  candidates+=("N Native AOT|base-aot|")
fi

samples="$out/samples.csv"
echo "candidate,startup_ms,hello_ms,first_notify_ms,max_notify_ms,request_ms" >"$samples"
for (( r = 1; r <= rounds; r++ )); do
  for c in "${candidates[@]}"; do
    IFS='|' read -r name dir env <<<"$c"
    # shellcheck disable=SC2086
    line=$(python3 bench/coldstart/first_ack.py "$out/$dir/spoa-opentracing" "$port" $env)
    echo "${name%% *},$line" >>"$samples"
  done
  echo "round $r/$rounds done" >&2
done

python3 - "$samples" "${candidates[@]}" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
cols = ["startup_ms", "hello_ms", "first_notify_ms", "max_notify_ms", "request_ms"]
print("| candidate | n | " + " | ".join(f"{c} (median)" for c in cols) + " | max_notify_ms (worst) |")
print("|---|---:|" + "---:|" * (len(cols) + 1))
for c in sys.argv[2:]:
    name = c.split("|")[0]
    mine = [r for r in rows if r["candidate"] == name.split()[0]]
    med = [statistics.median(float(r[k]) for r in mine) for k in cols]
    worst = max(float(r["max_notify_ms"]) for r in mine)
    print(f"| {name} | {len(mine)} | " + " | ".join(f"{m:.1f}" for m in med) + f" | {worst:.1f} |")
PY
