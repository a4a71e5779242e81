#!/usr/bin/env python3
"""Judges a soak run: RSS trend over the window (least squares, KiB/min), SPOE errors in HAProxy's log, ACKs versus
NOTIFYs, what was left open. Prints a summary (Markdown-friendly) and exits 1 if a check fails."""
import csv
import re
import sys

out, window, slope_max = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
rows = list(csv.DictReader(open(f"{out}/samples.csv")))
timed = [r for r in rows if r["t"] != "after"]
after = next(r for r in rows if r["t"] == "after")
duration = int(timed[-1]["t"])
judged = [r for r in timed if int(r["t"]) >= duration - window]

xs = [int(r["t"]) / 60 for r in judged]
ys = [int(r["rss_kib"]) for r in judged]
mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)

logged = [line for line in open(f"{out}/haproxy.log") if "spoe-error" in line]
# Lines without the variable are requests HAProxy answered itself before the response rules (e.g. a 400 for a
# request wrk cut at the end of the run): not SPOE errors, reported apart.
errors = [line for line in logged if "err=- " not in line]
others = len(logged) - len(errors)
by_code = {}
for line in errors:
    code = re.search(r"err=(\S*)", line).group(1)
    by_code[code] = by_code.get(code, 0) + 1
wrk = open(f"{out}/wrk.txt").read()
requests = re.search(r"(\d+) requests in", wrk)
rate = re.search(r"Requests/sec:\s+([\d.]+)", wrk)
socket_errors = re.search(r"Socket errors:.*", wrk)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk)

checks = {
    f"RSS slope over the last {window // 60} min {slope:+.0f} KiB/min <= {slope_max:.0f} KiB/min": slope <= slope_max,
    f"SPOE errors in HAProxy's log: {len(errors)} (by set-on-error code: {by_code or 'none'}; 1 = processing timeout)": len(errors) == 0,
    f"ACKs sent {after['acks_sent']} = NOTIFY frames {after['notify_frames']}": after["acks_sent"] == after["notify_frames"],
    f"open traces after the run: {after['open_traces']}, open spans {after['open_spans']}":
        after["open_traces"] == "0" and after["open_spans"] == "0",
    f"non-2xx responses: {non2xx.group(1) if non2xx else 0} (HAProxy-logged non-SPOE failures: {others})": non2xx is None,
}

mib = lambda kib: int(kib) / 1024
print(f"duration {duration} s; wrk: {requests.group(1) if requests else '?'} requests, {rate.group(1) if rate else '?'} req/s"
      + (f"; {socket_errors.group(0)}" if socket_errors else ""))
print(f"spans started {after['spans_started']}, exported {after['spans_exported']}, dropped (queue full) {after['spans_dropped_queue_full']}")
print(f"RSS MiB: start {mib(timed[0]['rss_kib']):.1f}, window min {mib(min(ys)):.1f} max {mib(max(ys)):.1f}, end {mib(timed[-1]['rss_kib']):.1f}")
print(f"GC committed MiB: window min {min(int(r['gc_committed_bytes']) for r in judged) / 2**20:.1f} max {max(int(r['gc_committed_bytes']) for r in judged) / 2**20:.1f}")
print(f"GC heap MiB (last collection) end {int(timed[-1]['gc_heap_bytes']) / 2**20:.1f}; threads (/proc) min {min(int(r['threads']) for r in timed)} max {max(int(r['threads']) for r in timed)}; "
      f"open traces max {max(int(r['open_traces']) for r in timed)}; export queue max {max(int(r['export_queue']) for r in timed)}")
for text, ok in checks.items():
    print(f"[{'PASS' if ok else 'FAIL'}] {text}")
sys.exit(0 if all(checks.values()) else 1)
