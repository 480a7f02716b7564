#!/usr/bin/env python3
"""Capture server for the fedify-*.json vectors (see README.md next to this file).

Serves a fake actor on loopback and records every request exactly as received. The inbox answers 401 to an RFC 9421
signed POST, so Fedify retries the same activity with draft-cavage and both are captured.
Usage: python3 capture.py PORT OUTFILE   (stop with SIGTERM; records are written after each request)
"""
import base64, json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, OUT = int(sys.argv[1]), sys.argv[2]
ORIGIN = f"http://127.0.0.1:{PORT}"
records = []

ACTOR = {
    "@context": ["https://www.w3.org/ns/activitystreams"],
    "id": f"{ORIGIN}/users/x", "type": "Person", "preferredUsername": "x",
    "inbox": f"{ORIGIN}/users/x/inbox", "outbox": f"{ORIGIN}/users/x/outbox",
    "followers": f"{ORIGIN}/users/x/followers", "following": f"{ORIGIN}/users/x/following",
}
OUTBOX = {"@context": "https://www.w3.org/ns/activitystreams", "id": f"{ORIGIN}/users/x/outbox?page=1",
          "type": "OrderedCollectionPage", "orderedItems": []}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def record(self, body):
        records.append({"method": self.command, "url": ORIGIN + self.path,
                        "headers": [[k, v] for k, v in self.headers.items()],
                        "bodyBase64": base64.b64encode(body).decode()})
        with open(OUT, "w") as f:
            json.dump(records, f, indent=1)

    def answer(self, status, obj=None):
        data = json.dumps(obj).encode() if obj is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/activity+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.record(b"")
        if self.path == "/users/x":
            self.answer(200, ACTOR)
        elif self.path.startswith("/users/x/outbox"):
            self.answer(200, OUTBOX)
        else:
            self.answer(404, {})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.record(body)
        self.answer(401 if "Signature-Input" in self.headers else 202)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
