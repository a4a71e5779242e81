#!/usr/bin/env python3
"""Captures the golden trace lines of haproxy26-trace-lines.txt from the real HAProxy with the shipped preset.

examples/haproxy-logs.cfg is used as shipped, with its ports moved and three backends added for the failure cases
(a server that refuses connections, a server slower than a 300 ms `timeout server`, a backend whose only server is
disabled). A small origin server and a UDP receiver run in this process; the MSG part of each RFC 5424 frame is
written, preceded by a `# name` line. Run from the repository root: tests/Tracing.Tests/Requests/Captures/capture.py
"""
import http.server, os, socket, subprocess, sys, tempfile, threading, time

FRONTEND, ORIGIN, CLOSED, LOGS = 28089, 28009, 28010, 25149
root = os.getcwd()
preset = open(os.path.join(root, "examples/haproxy-logs.cfg")).read()
for old, new in [("127.0.0.1:10080", f"127.0.0.1:{FRONTEND}"), ("127.0.0.1:8000", f"127.0.0.1:{ORIGIN}"),
                 ("127.0.0.1:5140 len", f"127.0.0.1:{LOGS} len"),
                 ("    default_backend servers-backend", "    use_backend nosrv-backend if { path_beg /nosrv }\n"
                  "    use_backend down-backend if { path_beg /down }\n    use_backend slow-backend if { path_beg /sleep }\n"
                  "    default_backend servers-backend")]:
    assert old in preset, old
    preset = preset.replace(old, new)
stamps = "    http-request set-var(txn.ts_backend) date(0,us)\n    http-response set-var(txn.ts_response) date(0,us)\n"
preset += (f"\nbackend down-backend\n{stamps}    retries 1\n    server server-down 127.0.0.1:{CLOSED}\n"
           f"\nbackend slow-backend\n{stamps}    timeout server 300ms\n    server server-slow 127.0.0.1:{ORIGIN}\n"
           f"\nbackend nosrv-backend\n{stamps}    server server-off 127.0.0.1:{ORIGIN} disabled\n")

class Origin(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        if self.path.startswith("/sleep"):
            time.sleep(1.0)
        code = int(self.path[8:11]) if self.path.startswith("/status/") else 200
        self.send_response(code); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")
    do_POST = do_GET
    def log_message(self, *args): pass

origin = http.server.ThreadingHTTPServer(("127.0.0.1", ORIGIN), Origin)
threading.Thread(target=origin.serve_forever, daemon=True).start()
logs = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); logs.bind(("127.0.0.1", LOGS)); logs.settimeout(5)
config = tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False); config.write(preset); config.close()
haproxy = subprocess.Popen(["haproxy", "-db", "-f", config.name], stdout=subprocess.DEVNULL)
time.sleep(1)

def raw(request):
    with socket.create_connection(("127.0.0.1", FRONTEND)) as s:
        s.sendall(request); s.settimeout(3)
        try:
            while s.recv(65536): pass
        except OSError: pass

def get(path, *headers, version=b"HTTP/1.1", method=b"GET", body=b""):
    head = b"".join(h + b"\r\n" for h in headers)
    length = b"Content-Length: %d\r\n" % len(body) if body else b""
    raw(method + b" " + path + b" " + version + b"\r\nHost: 127.0.0.1:28089\r\nUser-Agent: curl/7.88.1\r\n" + head + length
        + b"Connection: close\r\n\r\n" + body)

cases = [
    ("get-root", lambda: get(b"/")),
    ("continued-parent-with-tracestate", lambda: raw(b"GET /items?id=7&sort=desc HTTP/1.1\r\nHost: 127.0.0.1:28089\r\n"
        b"User-Agent: Mozilla/5.0 (X11; Linux x86_64) \"quoted\" \\back\r\n"
        b"traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\ntracestate: vendor=a b,other=2\r\n"
        b"Connection: close\r\n\r\n")),
    ("escaped-path-query-user-agent", lambda: raw(b"GET /caf%C3%A9/a=b%20c?q=%22x%22&e== HTTP/1.1\r\nHost: [::1]:10080\r\n"
        b"User-Agent: caf\xc3\xa9 \xe2\x82\xac \xff\x01\tend\r\nConnection: close\r\n\r\n")),
    ("origin-503", lambda: get(b"/status/503")),
    ("origin-404", lambda: get(b"/status/404")),
    ("connect-refused-503-SC", lambda: get(b"/down")),
    ("server-timeout-504-sH", lambda: get(b"/sleep")),
    ("bad-request-400-no-context", lambda: raw(b"GARBAGE\r\n\r\n")),
    ("post-http10", lambda: get(b"/form", version=b"HTTP/1.0", method=b"POST", body=b"x=1")),
    ("all-servers-disabled-503-NOSRV", lambda: get(b"/nosrv")),
]
out = []
try:
    for name, send in cases:
        send()
        frame = logs.recv(65536)
        out += ["# " + name, frame[frame.index(b"otel-trace"):].rstrip(b"\n").decode("ascii")]
finally:
    haproxy.terminate(); haproxy.wait(); os.unlink(config.name); origin.shutdown()
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "haproxy26-trace-lines.txt"), "w").write("\n".join(out) + "\n")
print(f"{len(cases)} lines captured with {subprocess.run(['haproxy', '-v'], capture_output=True, text=True).stdout.split()[2]}")
