"""Drives a weir-worker through weirctl from Python tests (JSON lines both ways).

    with Weirctl() as w:
        caps = w.request("worker.createRouter", body={"routerId": "r1", "mediaCodecs": [...]})
        w.wait_event("transport.tuple", handler_id="t1")

Every request waits for its response; a rejected request raises WeirError with the worker's
error kind and reason. Notifications are collected in order and can be awaited.
"""

import json
import os
import subprocess
import threading
import time


class WeirError(Exception):
    def __init__(self, kind, reason):
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason


def bin_dir():
    return os.environ.get("WEIR_BIN") or os.path.join(
        os.path.dirname(__file__), "..", "..", "..", "build", "bin")


class Weirctl:
    def __init__(self, *args, log_level="warn", new_session=False):
        """new_session: weirctl and its worker in their own session, out of reach of a
        terminal's Ctrl-C (the program then closes them itself)."""
        cmd = [os.path.join(bin_dir(), "weirctl"), f"--log-level={log_level}", *args]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1,
                                     start_new_session=new_session)
        self.responses = {}
        self.events = []
        self.logs = []
        self.errors = []
        self.lock = threading.Condition()
        self.next_id = 1
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.wait_event("worker.running")

    def _read(self):
        for line in self.proc.stdout:
            line = line.strip()
            if not line:
                continue
            msg = json.loads(line)
            with self.lock:
                if "id" in msg and "accepted" in msg:
                    self.responses[msg["id"]] = msg
                elif "event" in msg:
                    self.events.append(msg)
                elif "log" in msg:
                    self.logs.append(msg["log"])
                else:
                    self.errors.append(msg)
                self.lock.notify_all()
        with self.lock:
            self.lock.notify_all()

    def request(self, method, handler_id="", body=None, timeout=10):
        with self.lock:
            rid = self.next_id
            self.next_id += 1
        line = json.dumps({"id": rid, "method": method, "handlerId": handler_id,
                           "body": body or {}})
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        deadline = time.time() + timeout
        with self.lock:
            while rid not in self.responses:
                left = deadline - time.time()
                if left <= 0 or self.proc.poll() is not None and rid not in self.responses:
                    raise TimeoutError(f"no response to {method} (errors: {self.errors})")
                self.lock.wait(left)
            msg = self.responses.pop(rid)
        if not msg["accepted"]:
            raise WeirError(msg.get("error"), msg.get("reason"))
        return msg.get("body") or {}

    def wait_event(self, event, handler_id=None, timeout=10, start=0):
        """Returns the first notification `event` (from index `start`) for handler_id."""
        deadline = time.time() + timeout
        with self.lock:
            while True:
                for e in self.events[start:]:
                    if e["event"] == event and (handler_id is None or e["handlerId"] == handler_id):
                        return e
                left = deadline - time.time()
                if left <= 0:
                    raise TimeoutError(f"no {event} event for {handler_id}")
                self.lock.wait(left)

    def events_of(self, event, handler_id=None):
        with self.lock:
            return [e for e in self.events
                    if e["event"] == event and (handler_id is None or e["handlerId"] == handler_id)]

    # --- Shortcuts for the objects every media test creates ---

    def create_router(self, router_id, media_codecs):
        """The router's rtpCapabilities."""
        return self.request("worker.createRouter", body={
            "routerId": router_id, "mediaCodecs": media_codecs})["rtpCapabilities"]

    def plain_transport(self, router_id, transport_id, ip="127.0.0.1", **options):
        """A PlainTransport on `ip`; returns its dump (the local port is
        dump["plain"]["tuple"]["localPort"])."""
        body = {"transportId": transport_id, "listenInfo": {"ip": ip}, **options}
        return self.request("router.createPlainTransport", router_id, body)

    def stats(self, method, handler_id):
        """The first stats entry of producer.getStats / consumer.getStats."""
        return self.request(method, handler_id)["stats"][0]

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
