#!/usr/bin/env python3
"""OTLP/HTTP sink for the soak: answers every POST /v1/traces with 200 and an empty ExportTraceServiceResponse,
counting requests and bytes (printed on GET /stats). It does not decode spans: the agent's own metrics count them."""
import http.server
import sys
import threading

lock = threading.Lock()
stats = {"requests": 0, "bytes": 0}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        with lock:
            stats["requests"] += 1
            stats["bytes"] += length
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        with lock:
            body = f"requests {stats['requests']}\nbytes {stats['bytes']}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
