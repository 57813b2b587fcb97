"""A real webhook receiver on 127.0.0.1, as a consuming site would write one.

It checks each request's signature, applies each change id once (a repeat
is acknowledged and ignored: the id is the idempotency key) and keeps what
it saw, so tests can assert what a receiver would have applied and in
which order. It can start late (down until :meth:`start`), answer an error
for chosen ids, or hold a request open after applying it.
"""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from cms.webhooks.signing import verify


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_worker():
    """Run every ready webhook task in this process, as ``manage.py db_worker --batch`` does.

    The worker loop closes stale connections between tasks, so call it only
    from ``transaction=True`` tests.
    """
    Worker(
        queue_names=["webhooks"],
        interval=0,
        batch=True,
        backend_name="webhooks",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


class Receiver:
    def __init__(self, secret):
        self.secret = secret
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hooks/cms"
        self.arrivals = []  # (id, attempt, event) of every request, in arrival order
        self.applied = []  # change ids applied, in order
        self.bodies = {}  # id -> payload
        self.bad_signatures = 0
        self.pings = []  # payloads of test events
        self.fail_ids = set()  # ids answered with 500 (not applied)
        self.hold_first = False  # hold the first request open after applying it
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.server = None

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                signed = verify(
                    receiver.secret,
                    self.headers.get("X-Webhook-Signature", ""),
                    body,
                    now=timezone.now().timestamp(),
                )
                if not signed:
                    with receiver.lock:
                        receiver.bad_signatures += 1
                    return self.answer(400, {"error": "bad signature"})
                payload = json.loads(body)
                if payload["event"] == "ping":
                    receiver.pings.append(payload)
                    return self.answer(204, None)
                change_id = int(self.headers["X-Webhook-Id"])
                hold = False
                with receiver.lock:
                    receiver.arrivals.append(
                        (change_id, int(self.headers["X-Webhook-Attempt"]), payload["event"])
                    )
                    if change_id in receiver.fail_ids:
                        return self.answer(500, {"error": "not today"})
                    if change_id not in receiver.applied:
                        receiver.applied.append(change_id)
                        receiver.bodies[change_id] = payload
                        hold = receiver.hold_first and len(receiver.applied) == 1
                if hold:
                    receiver.arrived.set()
                    receiver.release.wait(30)
                self.answer(200, {"ok": True})

            def answer(self, status, data):
                try:
                    encoded = json.dumps(data).encode() if data is not None else b""
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    if status != 204:
                        self.send_header("Content-Length", str(len(encoded)))
                    self.end_headers()
                    self.wfile.write(encoded)
                except OSError:
                    pass  # the sender went away (a killed worker)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.release.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
