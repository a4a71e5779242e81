#!/usr/bin/env bash
# Runs every test (unit, golden, property, process and end-to-end with real HAProxy) and prints the totals,
# read from the TRX result files, as one line: "N passed, N failed[, N skipped]". Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-haproxy.sh || { echo "could not install haproxy" >&2; exit 1; }

results=TestResults
rm -rf "$results"
dotnet build SpoaOpenTracing.slnx -c Release --nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
# One project at a time, each with its own TRX file name, so no two result files can collide. The totals count what
# the TRX files cannot show as failures too: a project that wrote no TRX file, a test host that crashed (dotnet test
# failed while its TRX shows no failure) and a project that ran no test. A hung test fails after 5 minutes instead of
# stalling the run (no dump: it would need dotnet-dump, and the TRX and console output name the test).
# The end-to-end tests whose agent runs in the test host (trait Agent=InProcess) get a host of their own with socket
# completions inline, as the program runs them (src/Spop/InlineSocketCompletions.cs): the runtime reads the variable
# when the host starts. Runs are "name|project|filter|environment".
runs=()
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  if [ "$name" = EndToEnd ]; then
    runs+=("$name.InProcess|$project|Agent=InProcess|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1")
    runs+=("$name|$project|Agent!=InProcess|")
  else
    runs+=("$name|$project||")
  fi
done
status=0
passed=0; failed=0; skipped=0
for run in "${runs[@]}"; do
  IFS='|' read -r name project filter environment <<<"$run"
  trx="$results/$name.trx"
  code=0
  # shellcheck disable=SC2086 # $environment is zero or one NAME=VALUE word
  env $environment dotnet test "$project" -c Release --no-build --nologo ${filter:+--filter "$filter"} \
    --blame-hang-timeout 5m --blame-hang-dump-type none \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" \
    || code=$?
  [ "$code" -ne 0 ] && status=1
  if [ ! -e "$trx" ]; then
    echo "$name: no test results were written (dotnet test exit code $code)" >&2
    failed=$((failed + 1))
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { local v; v=$(printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'); echo "${v:-0}"; }
  total=$(get total); executed=$(get executed)
  f=$(( $(get failed) + $(get error) + $(get timeout) + $(get aborted) ))
  passed=$((passed + $(get passed)))
  failed=$((failed + f))
  skipped=$((skipped + total - executed))
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "$name: dotnet test failed (exit code $code) but its results show no failure: the test host crashed or hung" >&2
    failed=$((failed + 1))
  elif [ "$executed" -eq 0 ]; then
    echo "$name: no test ran" >&2
    failed=$((failed + 1))
  fi
done

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
