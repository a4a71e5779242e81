#!/usr/bin/env python3
"""Turns one bench/e2e/run.sh result folder (raw.tsv, facts.txt) into the markdown section of BENCHMARKS.md.

usage: summarize.py RESULT_DIR [--update BENCHMARKS.md]   (--update rewrites the part between the e2e markers)
"""
import statistics
import sys
from pathlib import Path

BEGIN, END = "<!-- e2e:begin -->", "<!-- e2e:end -->"


def median(values):
    values = [float(v) for v in values if v not in ("-", "")]
    return statistics.median(values) if values else None


def fmt(value, digits=0):
    return "-" if value is None else f"{value:,.{digits}f}"


def main():
    result = Path(sys.argv[1])
    facts = dict(line.split("=", 1) for line in (result / "facts.txt").read_text().splitlines() if "=" in line)
    lines = (result / "raw.tsv").read_text().splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:]]
    configs = list(dict.fromkeys(r["config"] for r in rows))
    by = {c: [r for r in rows if r["config"] == c] for c in configs}
    # With STEAL_MAX, the medians are over the runs whose steal stayed within it (all of them when none did): a run
    # that ran again and again under a contended host still measured the host.
    steal_max = facts.get("steal_max", "")
    def calm(run):
        return not steal_max or run.get("steal_pct", "-") in ("-", "") or float(run["steal_pct"]) <= float(steal_max)
    used = {c: [r for r in by[c] if calm(r)] or by[c] for c in configs}
    med = {c: {k: median(r[k] for r in used[c]) for k in header[2:]} for c in configs}

    names = {
        "A": "A: no SPOE filter",
        "B": "B: spoe.cfg, agent `-T none` (ACK only)",
        "C": "C: spoe.cfg, agent `-T otlp-http` to the sink",
        "D": "D: semconv preset with propagation",
        "F": "F: spoe.cfg, bench/floor-agent (minimal C agent, ACK only)",
        "G": "G: semconv preset, bench/floor-agent",
        "E": "E: one-exchange preset (HAProxy-minted context), agent `-T otlp-http` to the sink",
        "Q": "Q: one-exchange preset, bench/floor-agent",
        "Z": "Z: Q with bench/floor-agent on a thread per connection (blocking I/O)",
        "P": "P: F with bench/floor-agent on a thread per connection (blocking I/O)",
        "O": "O: one-exchange preset, bench/NoopAgent (our SPOP layer, handler does nothing)",
        "X": "X: one-exchange preset, agent `-T none` (message read, no spans)",
        "N": "N: spoe.cfg, bench/NoopAgent (our SPOP layer, handler does nothing)",
        "H": "H: spoe.cfg, agent `-T otlp-grpc` to the sink",
        "S": f"S: N busy-waiting {facts.get('spin_ns', '')} ns per message",
        "V": f"V: B + `{facts.get('variant', '')}`",
        "W": f"W: C + `{facts.get('variant', '')}`",
        "Y": f"Y: E + `{facts.get('variant', '')}`",
        "L": "L: log mode, examples/haproxy-logs.cfg, agent `--syslog udp` `-T otlp-http` to the sink",
        "T": "T: L over TCP (the preset's `ring`), agent `--syslog tcp` `-T otlp-http` to the sink",
        "K": "K: L's HAProxy, trace lines to a UDP socket nobody reads (no agent)",
    }
    out = [BEGIN, ""]
    out.append(f"Run {facts['date']}: {facts['rounds']} rounds x {facts['duration']} s per configuration, interleaved "
               f"{' '.join(configs)}; medians. Load average (1/5/15 min) at start {facts['load_start']}, at end {facts['load_end']}.")
    out.append("")
    out.append(f"Machine: {facts['nproc']} cores, {facts['cpu']}, Linux {facts['kernel']}. Versions: HAProxy {facts['haproxy']} "
               f"(`nbthread 1`), .NET SDK {facts['dotnet']}, nginx {facts['nginx']} (`worker_processes 1`), wrk {facts['wrk']}.")
    out.append("")
    sink_idle = facts.get("sink_idle", "")
    only = facts.get("only", "")
    spin = facts.get("spin_ns", "")
    grpc = facts.get("grpc", "")
    prefix = (f"STEAL_MAX={steal_max} " if steal_max else "") + ("SINK_IDLE=1 " if sink_idle else "") + (f'ONLY="{only}" ' if only else "") + (f"SPIN_NS={spin} " if spin else "") + ("GRPC=1 " if grpc else "")
    out.append(f"Command: `{prefix}DURATION={facts['duration']} ROUNDS={facts['rounds']} bench/e2e/run.sh` "
               f"(each run: `wrk -c8 -t2 -d{facts['duration']} --latency http://127.0.0.1:<port>/index.html`). "
               + ("The sink ran at SCHED_IDLE (only CPU time nothing else wanted)." if sink_idle else "The sink ran at normal priority.")
               + (f" Medians are over the runs with at most {steal_max} % steal; a run in parentheses had more (kept after"
                  " its last attempt) and is left out, unless all of a configuration's runs did." if steal_max else ""))
    out.append("")
    out.append("| configuration | req/s | p50 | p99 | HAProxy CPU | agent CPU | sink CPU | agent RSS (end of run) | spans / expected (9 x requests; D, E, Y, L, T: 2 x) | req/s per round | steal per round | idle per round |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|")
    for c in configs:
        m = med[c]
        per_round = " / ".join(r["req_s"] if r in used[c] else f"({r['req_s']})" for r in by[c])
        steal = " / ".join(f"{r['steal_pct']} %" if r.get("steal_pct", "-") != "-" else "-" for r in by[c])
        idle = " / ".join(f"{r['idle_pct']} %" if r.get("idle_pct", "-") not in ("-", None) else "-" for r in by[c])
        rss = "-" if m["agent_rss_kb"] is None else f"{m['agent_rss_kb'] / 1024:.0f} MiB"
        haproxy_cpu = "-" if m.get("haproxy_cpu_pct") is None else f"{m['haproxy_cpu_pct']:.0f} %"
        cpu = "-" if m["agent_cpu_pct"] is None else f"{m['agent_cpu_pct']:.0f} %"
        sink_cpu = "-" if m.get("sink_cpu_pct") is None else f"{m['sink_cpu_pct']:.0f} %"
        ratio = "-" if m["span_ratio"] is None else f"{m['span_ratio']:.3f}"
        out.append(f"| {names[c]} | {fmt(m['req_s'])} | {fmt(m['p50_us'])} µs | {fmt(m['p99_us'])} µs | {haproxy_cpu} | {cpu} | {sink_cpu} | {rss} | {ratio} | {per_round} | {steal} | {idle} |")
    if "D" not in configs:
        out.append(f"| {names['D']} | not run: {facts.get('d_note', '')} | | | | | | | | | | |")
    out.append("")

    def ratio(a, b):
        if a in med and b in med and med[b]["req_s"]:
            return med[a]["req_s"] / med[b]["req_s"]
        return None

    out.append("| ratio (medians of req/s) | value | target | met |")
    out.append("|---|---:|---:|---|")
    pairs = [("C", "A", 0.45), ("C", "B", 0.90), ("D", "A", 0.60)]
    if "E" in med:
        pairs += [("E", "A", None)]
    pairs += [("B", "A", None)]
    if "Q" in med:
        pairs += [("E", "Q", 0.90), ("Q", "A", None)]
    if "Z" in med and "Q" in med:
        pairs += [("Z", "Q", None), ("E", "Z", None)]
    if "O" in med and "Q" in med:
        pairs += [("O", "Q", None)]
    if "X" in med and "Q" in med:
        pairs += [("X", "Q", None), ("E", "X", None)]
    if "F" in med:
        pairs += [("F", "A", None), ("B", "F", 0.95), ("C", "F", 0.90)]
    if "P" in med and "F" in med:
        pairs += [("P", "F", None), ("B", "P", None)]
    if "N" in med and "F" in med:
        pairs += [("N", "F", None), ("B", "N", None)]
    if "G" in med:
        pairs += [("G", "A", None), ("D", "G", 0.90)]
    if "S" in med and "N" in med:
        pairs += [("S", "N", None)]
    if "H" in med:
        pairs += [("H", "B", None), ("H", "C", None)]
    if "V" in med:
        pairs += [("V", "B", None), ("W", "C", None), ("W", "A", 0.45), ("W", "V", 0.90), ("V", "A", None)]
    if "Y" in med:
        pairs += [("Y", "E", None)] + ([("Y", "Q", 0.90)] if "Q" in med else [])
    if "L" in med:
        pairs += [("L", "A", 0.90), ("L", "D", None)]
    if "K" in med:
        pairs += [("K", "A", None), ("L", "K", None)]
    if "T" in med:
        pairs += [("T", "A", 0.90), ("T", "L", None)]
    for a, b, target in pairs:
        r = ratio(a, b)
        met = "-" if target is None or r is None else ("yes" if r >= target else "**no**")
        out.append(f"| {a}/{b} | {fmt(r, 2) if r is not None else 'not run'} | {'≥ ' + str(target) if target else '-'} | {met} |")
    def cpu_per_request(c, column="agent_cpu_pct"):
        # CPU seconds per second over requests per second: a process's CPU time per request, in µs.
        if c in med and med[c].get(column) is not None and med[c]["req_s"]:
            return med[c][column] / 100 / med[c]["req_s"] * 1e6
        return None

    for c in ("B", "C", "F", "P", "D", "G", "E", "Q", "Z", "O", "X", "Y", "V", "W", "L", "T"):
        if cpu_per_request(c) is not None:
            out.append(f"| agent {c} CPU per request | {cpu_per_request(c):.1f} µs | - | - |")
    # HAProxy runs one thread: near 100 % it is the bottleneck, and its own CPU per request sets the throughput.
    for c in configs:
        if cpu_per_request(c, "haproxy_cpu_pct") is not None:
            out.append(f"| HAProxy {c} CPU per request | {cpu_per_request(c, 'haproxy_cpu_pct'):.1f} µs | - | - |")
    if cpu_per_request("C") and cpu_per_request("F"):
        r = cpu_per_request("C") / cpu_per_request("F")
        out.append(f"| agent CPU per request C/F | {r:.2f} | ≤ 2 | {'yes' if r <= 2 else '**no**'} |")
    if "C" in by:
        rss = [int(r["agent_rss_kb"]) / 1024 for r in by["C"]]
        hwm = max(int(r["agent_hwm_kb"]) for r in by["C"]) / 1024
        growth = rss[-1] - rss[0]
        out.append(f"| agent C peak RSS (VmHWM) | {hwm:.0f} MiB | < 150 MiB | {'yes' if hwm < 150 else '**no**'} |")
        out.append(f"| agent C RSS after round 1 → round {len(rss)} | {rss[0]:.0f} → {rss[-1]:.0f} MiB ({growth:+.0f}) | no growth | "
                   f"{'yes' if growth <= max(5, 0.05 * rss[0]) else '**no**'} |")
    non2xx = sum(int(r["non2xx"]) for r in rows)
    out.append("")
    out.append(f"Non-2xx responses over all runs: {non2xx}. Raw rows: `bench/.results/{result.name}/raw.tsv` (not committed).")
    out.append("")
    out.append(END)
    text = "\n".join(out)

    if len(sys.argv) > 3 and sys.argv[2] == "--update":
        target = Path(sys.argv[3])
        doc = target.read_text() if target.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
        if BEGIN in doc and END in doc:
            doc = doc[:doc.index(BEGIN)] + text + doc[doc.index(END) + len(END):]
        else:
            doc = doc.rstrip("\n") + "\n\n" + text + "\n"
        target.write_text(doc)
    else:
        print(text)


if __name__ == "__main__":
    main()
