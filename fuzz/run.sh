#!/usr/bin/env bash
# Long fuzz run: the fuzz tests (category Fuzz) of tests/Spop.Tests, tests/Tracing.Tests and tests/Syslog.Tests with their
# input counts raised.
#
#   fuzz/run.sh                      # 1,000,000 streams + 1,000,000 engine messages + 5,000 socket replays
#                                    # + 1,000,000 trace lines
#   FUZZ_INPUTS=5000000 fuzz/run.sh  # more
#   FUZZ_SEED=<seed> fuzz/run.sh     # replay a failing run with the seed CsCheck printed
#
# Inputs: generated NOTIFY frames and the captured frames of tests/Spop.Tests/Captures, mutated (bit flips,
# truncation, insertion, length-field edits, FIN/type/stream-id edits, random typed data), driven through FrameReader,
# the HELLO negotiation, MessageListReader and a handler reading every value; each mutation of known effect must end
# with the DISCONNECT status the protocol demands, and a sample is replayed against the real connection over
# loopback. Then generated opentracing:* messages around the grammar straight into the TracingEngine from several
# threads (Tracing.Tests): no exception, and every started span ends. Then mutated syslog frames and TCP streams
# captured from HAProxy through the syslog header parser and framing (Syslog.Tests), and mutated trace lines of
# log mode (the HAProxy captures of tests/Tracing.Tests/Requests/Captures, FUZZ_LINES) through TraceLineParser: no
# exception. Exits non-zero on any crash, non-protocol
# exception or wrong status, and prints the summary lines.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export FUZZ_INPUTS="${FUZZ_INPUTS:-1000000}"
export FUZZ_MESSAGES="${FUZZ_MESSAGES:-1000000}"
export FUZZ_SOCKET_SAMPLE="${FUZZ_SOCKET_SAMPLE:-5000}"
export FUZZ_LINES="${FUZZ_LINES:-1000000}"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
export FUZZ_REPORT="$report"
started=$(date +%s)
status=0
for project in tests/Spop.Tests tests/Tracing.Tests tests/Syslog.Tests; do
  dotnet test "$project" -c Release --filter "Category=Fuzz" --nologo -v q || status=$?
done
echo "fuzz run: $(( $(date +%s) - started )) s, exit code $status"
cat "$report"
exit "$status"
