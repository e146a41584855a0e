#!/usr/bin/env python3
"""Times a published baton-clerk from its process start to its first Clerk request's arrival.

usage: scripts/first-request.py <path to baton-clerk> [runs]

A loopback HTTP server stands in for Clerk: it notes when the first request arrives and answers every request with
401, so each run fails fast after its first requests. Prints each run's time and the median, minimum and maximum.
Nothing leaves the machine.
"""
import http.server
import os
import socketserver
import subprocess
import sys
import tempfile
import threading
import time

first = {}


class Clerk401(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        first.setdefault("t", time.monotonic())
        body = b'{"errors":[{"code":"authentication_invalid","message":"bad key"}]}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 7
    server = Server(("127.0.0.1", 0), Clerk401)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    times = []
    for _ in range(runs):
        first.clear()
        out = os.path.join(tempfile.mkdtemp(), "out.c1z")
        started = time.monotonic()
        subprocess.run([binary, "--clerk-api-url", url, "-f", out], capture_output=True,
                       env={**os.environ, "BATON_SECRET_KEY": "sk_test_firstrequest000000"})
        if "t" not in first:
            sys.exit("no request arrived")
        times.append((first["t"] - started) * 1000)
        print(f"first request {times[-1]:.0f} ms")
    times.sort()
    print(f"median {times[len(times) // 2]:.0f} ms, min {times[0]:.0f}, max {times[-1]:.0f}")


if __name__ == "__main__":
    main()
