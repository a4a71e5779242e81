#!/usr/bin/env python3
"""One cold start: launch the agent, wait for its "listening" line, send HAProxy 2.6's HELLO and then the 8 NOTIFYs
of one seed request (examples/spoe.cfg grammar, 9 spans) one at a time, each only after the previous ACK, as HAProxy
sends them. Prints one CSV line: startup_ms (process start to the "listening" line), hello_ms, first_notify_ms (send of the first NOTIFY to its ACK), max_notify_ms (the
slowest of the 8, the one HAProxy's `timeout processing` judges), request_ms (all 8).

A Python client, so that no JIT of the client's own receive path lands in the measured time.

  first_ack.py AGENT_BINARY PORT [ENV=VALUE ...]
"""
import os
import socket
import struct
import subprocess
import sys
import time


def varint(v):
    if v < 240:
        return bytes([v])
    out = bytearray([(v | 0xF0) & 0xFF])
    v = (v - 240) >> 4
    while v >= 128:
        out.append((v | 0x80) & 0xFF)
        v = (v - 128) >> 7
    out.append(v)
    return bytes(out)


def string(s):
    b = s.encode()
    return varint(len(b)) + b


def typed(v):
    if isinstance(v, bool):
        return b"\x11" if v else b"\x01"
    if isinstance(v, int):
        return b"\x04" + varint(v)  # HAProxy sends integer samples as INT64
    return b"\x08" + string(v)


def message(name, *args):
    body = string(name) + bytes([len(args)])
    for key, value in args:
        body += string(key) + typed(value)
    return body


def frame(kind, stream, frame_id, payload):
    body = bytes([kind]) + struct.pack(">I", 1) + varint(stream) + varint(frame_id) + payload
    return struct.pack(">I", len(body)) + body


def request_payloads(uid):
    """The seed request's NOTIFY payloads in event order (status 200: no http_response-error message)."""
    return [
        message("opentracing:client_session_start", ("id", uid), ("span", "HAProxy session"), ("baggage", "haproxy_id"),
                ("", uid), ("span", "Client session"), ("child-of", "HAProxy session")),
        message("opentracing:frontend_tcp_request", ("id", uid), ("span", "Frontend TCP request"), ("child-of", "Client session")),
        message("opentracing:frontend_http_request", ("id", uid), ("span", "Frontend HTTP request"),
                ("follows-from", "Frontend TCP request"), ("tag", "http.method"), ("", "GET"), ("tag", "http.url"),
                ("", "/index.html"), ("tag", "http.version"), ("", "HTTP/"), ("", "1.1"), ("finish", "Frontend TCP request")),
        message("opentracing:backend_tcp_request", ("id", uid), ("span", "Backend TCP request"),
                ("follows-from", "Frontend HTTP request"), ("finish", "Frontend HTTP request")),
        message("opentracing:backend_http_request", ("id", uid), ("span", "Backend HTTP request"),
                ("follows-from", "Backend TCP request"), ("finish", "Backend TCP request")),
        message("opentracing:server_session_start", ("id", uid), ("span", "Server session"), ("child-of", "HAProxy session"),
                ("finish", "Backend HTTP request")),
        message("opentracing:tcp_response", ("id", uid), ("span", "TCP response"), ("child-of", "Server session")),
        message("opentracing:http_response", ("id", uid), ("span", "HTTP response"), ("follows-from", "TCP response"),
                ("tag", "http.status_code"), ("", 200), ("finish", "TCP response"))
        + message("opentracing:server_session_end", ("id", uid), ("finish", "HTTP response"), ("finish", "Server session"))
        + message("opentracing:client_session_end", ("id", uid), ("finish", "*")),
    ]


def hello():
    kv = (string("supported-versions") + b"\x08" + string("2.0")
          + string("max-frame-size") + b"\x03" + varint(16380)
          + string("capabilities") + b"\x08" + string("pipelining,async")
          + string("engine-id") + b"\x08" + string("coldstart-0000-0000-0000-000000000000"))
    return frame(1, 0, 0, kv)


def read_frame(sock):
    head = recv_exact(sock, 4)
    body = recv_exact(sock, struct.unpack(">I", head)[0])
    return body[0]


def recv_exact(sock, n):
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("agent closed the connection")
        data += chunk
    return bytes(data)


def main():
    binary, port = sys.argv[1], int(sys.argv[2])
    env = dict(os.environ)
    env.update(a.split("=", 1) for a in sys.argv[3:])
    started = time.perf_counter()
    agent = subprocess.Popen([binary, "-r", "0", "-p", str(port), "-T", "none"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        for line in agent.stdout:
            if "listening on" in line:
                break
            if time.monotonic() > deadline:
                raise TimeoutError("no listening line")
        else:
            raise RuntimeError("agent exited before listening")
        startup_ms = (time.perf_counter() - started) * 1000
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        t0 = time.perf_counter()
        sock.sendall(hello())
        if read_frame(sock) != 101:
            raise RuntimeError("no AGENT-HELLO")
        hello_ms = (time.perf_counter() - t0) * 1000
        uid = "0A000001:1F90_7F000001:D6D8_64B0C1A2_0000:1a2b"
        times = []
        for frame_id, payload in enumerate(request_payloads(uid), start=1):
            data = frame(3, 0, frame_id, payload)
            t = time.perf_counter()
            sock.sendall(data)
            if read_frame(sock) != 103:
                raise RuntimeError("no ACK")
            times.append((time.perf_counter() - t) * 1000)
        sock.close()
        print(f"{startup_ms:.1f},{hello_ms:.2f},{times[0]:.2f},{max(times):.2f},{sum(times):.2f}")
    finally:
        agent.terminate()
        agent.wait(10)


if __name__ == "__main__":
    main()
