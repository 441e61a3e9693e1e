#!/usr/bin/env python3
"""A notification sink for benchmarks: answers 200 to every POST and keeps nothing.

Usage: notify-sink.py PORT (listens on 127.0.0.1)."""
import http.server
import sys


class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
