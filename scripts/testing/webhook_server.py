#!/usr/bin/env python3
"""A scripted HTTP server for Pokja's webhook tests (127.0.0.1, a free port printed on stdout).

Every POST is appended to LOG as one JSON line: {"path", "headers", "body"}. Answers by path:
/flaky  500, then 429 with Retry-After: 120, then 200 (per server run); /slow sleeps 3 s then 200;
/gone 410; /redirect 302; anything else 200. HEAD: /gone 410, /missing 404, else 405.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log_path = sys.argv[1]
counts = {}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode("utf-8")
        with lock:
            seen = counts.get(self.path, 0)
            counts[self.path] = seen + 1
            with open(log_path, "a", encoding="utf-8") as log:
                headers = {k.lower(): v for k, v in self.headers.items()}
                log.write(json.dumps({"path": self.path, "headers": headers, "body": body}) + "\n")
        status = 200
        if self.path == "/slow":
            time.sleep(3)
        elif self.path == "/flaky":
            status = [500, 429, 200][min(seen, 2)]
        elif self.path == "/gone":
            status = 410
        elif self.path == "/redirect":
            status = 302
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "120")
        if status == 302:
            self.send_header("Location", "http://example.org/")
        self.send_header("Content-Length", "2")
        self.end_headers()
        try:
            self.wfile.write(b"ok")
        except BrokenPipeError:
            pass


    def do_HEAD(self):
        # What webhook endpoints commonly answer to HEAD (pokja doctor's probe): 405, or 404/410 for
        # one that is gone. Not logged: only POSTs are deliveries.
        status = {"/gone": 410, "/missing": 404, "/redirect": 302}.get(self.path, 405)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
