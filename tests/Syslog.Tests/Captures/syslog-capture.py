#!/usr/bin/env python3
"""Receives HAProxy's syslog output and writes every frame byte-for-byte as hex.

UDP: one datagram per port = one file per format. TCP: the ring's stream as received (octet-counted frames).
Unix: a datagram socket (HAProxy's `log /path`). Usage: capture.py OUTDIR SECONDS
"""
import os, select, socket, sys, time

FORMATS = ["rfc3164", "rfc5424", "short", "raw", "local", "timed", "iso", "priority"]
BASE = 15140  # udp ports BASE+i, tcp ring on BASE+20, unix socket OUTDIR/log.sock

def main():
    out, seconds = sys.argv[1], float(sys.argv[2])
    socks = {}
    for i, name in enumerate(FORMATS):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", BASE + i))
        socks[s] = "udp-" + name
    path = os.path.join(out, "log.sock")
    if os.path.exists(path):
        os.unlink(path)
    u = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    u.bind(path)
    socks[u] = "unix-default"
    lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind(("127.0.0.1", BASE + 20))
    lst.listen(4)
    streams = {}
    counts = {}
    deadline = time.time() + seconds
    while time.time() < deadline:
        r, _, _ = select.select(list(socks) + [lst] + list(streams), [], [], 0.1)
        for s in r:
            if s is lst:
                c, _ = lst.accept()
                streams[c] = bytearray()
            elif s in streams:
                data = s.recv(65536)
                if not data:
                    del streams[s]
                else:
                    streams[s] += data
                    with open(os.path.join(out, "tcp-ring-rfc5424.bin"), "ab") as f:
                        f.write(data)
            else:
                data = s.recv(65536)
                name = socks[s]
                n = counts.get(name, 0) + 1
                counts[name] = n
                with open(os.path.join(out, "%s-%d.bin" % (name, n)), "wb") as f:
                    f.write(data)
    os.unlink(path)

main()
