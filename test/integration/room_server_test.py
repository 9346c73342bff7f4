"""weir-room with scripted WebSocket clients (no browser): HTTP routes, the signal/event
protocol, garbage and out-of-order messages, ids of other peers, cleanup when a peer goes,
tokens, and a worker killed with SIGKILL closing only its rooms (--workers 2).

Needs Debian's python3-websockets. WEIR_BIN selects the build (an ASan build works too)."""

import asyncio
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                                "python"))
from room_client import RoomClient, RoomError  # noqa: E402

BIN = os.environ.get("WEIR_BIN") or os.path.join(os.path.dirname(__file__), "..", "..", "build",
                                                  "bin")
ROOM = os.path.join(BIN, "weir-room")

OPUS = {"mimeType": "audio/opus", "payloadType": 100, "clockRate": 48000, "channels": 2,
        "parameters": {"useinbandfec": 1}, "rtcpFeedback": []}
VP8 = {"mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000,
       "rtcpFeedback": [{"type": "nack"}, {"type": "nack", "parameter": "pli"}]}
AUDIO_LEVEL = {"uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 1}
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        raise AssertionError(what)


def rtp_parameters(kind, ssrc):
    codec = OPUS if kind == "audio" else VP8
    return {"mid": "0" if kind == "audio" else "1", "codecs": [codec],
            "headerExtensions": [AUDIO_LEVEL] if kind == "audio" else [],
            "encodings": [{"ssrc": ssrc}], "rtcp": {"cname": f"c{ssrc}", "reducedSize": True}}


class Server:
    def __init__(self, *args, env=None):
        self.web = tempfile.TemporaryDirectory()
        with open(os.path.join(self.web.name, "index.html"), "w") as f:
            f.write("<!doctype html><title>room</title>")
        with open(os.path.join(self.web.name, "app.js"), "w") as f:
            f.write("console.log('room');")
        self.proc = subprocess.Popen(
            [ROOM, "--listen", "127.0.0.1:0", "--web-root", self.web.name, *args],
            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
        self.log = []
        deadline = time.time() + 20
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            self.log.append(line)
            m = re.search(r"listening on https?://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                break
        else:
            raise RuntimeError("weir-room did not start: " + "".join(self.log))
        if not hasattr(self, "port"):
            raise RuntimeError("weir-room did not start: " + "".join(self.log))
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}/ws"

    def get(self, path):
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as r:
                return r.status, r.headers.get("Content-Type"), r.read()
        except urllib.error.HTTPError as e:
            return e.code, None, b""

    def stats(self):
        status, ctype, body = self.get("/stats")
        check(status == 200 and ctype.startswith("application/json"), f"/stats {status} {ctype}")
        return json.loads(body)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            _, err = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
            raise AssertionError("weir-room did not stop on SIGTERM")
        self.log.append(err)
        self.web.cleanup()
        return self.proc.returncode

    def text(self):
        return "".join(self.log)


async def joined(server, room, name, **extra):
    client = await RoomClient.connect(server.ws_url)
    data = await client.request("join", {"roomId": room, "displayName": name, **extra})
    return client, data


async def media_peer(server, room, name, ssrc_base, produce=True):
    """Joins, makes both transports, gives capabilities, produces audio and video."""
    client, data = await joined(server, room, name)
    client.peer_id = data["peerId"]
    client.caps = data["routerRtpCapabilities"]
    send = await client.request("createWebRtcTransport", {"direction": "send"})
    recv = await client.request("createWebRtcTransport", {"direction": "recv"})
    for t in (send, recv):
        check(t["iceParameters"]["usernameFragment"] and t["iceCandidates"]
              and t["dtlsParameters"]["fingerprints"], f"transport shape {t}")
    client.send_id = send["transportId"]
    client.recv_id = recv["transportId"]
    await client.request("setRtpCapabilities", {"rtpCapabilities": client.caps})
    client.producers = {}
    if produce:
        for kind, ssrc in (("audio", ssrc_base), ("video", ssrc_base + 1)):
            answer = await client.request("produce", {
                "transportId": client.send_id, "kind": kind,
                "rtpParameters": rtp_parameters(kind, ssrc),
                "appData": {"source": "microphone" if kind == "audio" else "camera"}})
            client.producers[kind] = answer["producerId"]
    return client


async def test_http_and_garbage(server):
    status, ctype, body = server.get("/")
    check(status == 200 and ctype.startswith("text/html") and b"room" in body, f"GET / {status}")
    check(server.get("/app.js")[0] == 200, "GET /app.js")
    check(server.get("/style.css")[0] == 404, "missing style.css is 404")
    for path in ("/nope", "/../etc/passwd", "/web-root/index.html", "/ws", "/stats/x"):
        check(server.get(path)[0] in (404, 400, 403), f"GET {path}")
    stats = server.stats()
    check(stats["rooms"] == [] and len(stats["workers"]) == 2, f"empty stats: {stats}")
    check(all(set(w) == {"pid", "routers", "consumers", "cpuUser", "cpuSystem", "cpuPercent"}
              for w in stats["workers"]), f"worker entries: {stats}")

    c = await RoomClient.connect(server.ws_url)
    garbage = [
        ("not json", "message is not valid JSON"),
        ("{", "message is not valid JSON"),
        ("[]", "message must be a JSON object"),
        ("null", "message must be a JSON object"),
        ('{"type":"event","id":1}', "not accepted"),  # answered with id 1
        ('{"type":"request"}', "id is missing"),
        ('{"type":"request","id":-4,"method":"join"}', "id must be"),
        ('{"type":"request","id":"1","method":"join"}', "id must be"),
    ]
    for text, reason in garbage:
        reply = await c.send_raw(text)
        check(reply["ok"] is False and reply["error"]["code"] == "badRequest"
              and reason in reply["error"]["reason"]
              and reply["id"] == (1 if '"id":1' in text else None), f"{text}: {reply}")
    reply = await c.send_raw('{"type":"request","id":77,"method":"fly","data":{}}', expect_id=77)
    check(reply["error"] == {"code": "badRequest", "reason": 'unknown method "fly"'}, str(reply))
    reply = await c.send_raw('{"type":"request","id":78,"method":"join","data":[1]}', expect_id=78)
    check(reply["error"]["reason"] == "data must be an object", str(reply))
    await c.ws.send(b"\x00\x01binary")
    reply = await c.anonymous.get()
    check("binary" in reply["error"]["reason"], str(reply))
    await c.ws.send("x" * (300 * 1024))
    reply = await c.anonymous.get()
    check("larger than" in reply["error"]["reason"], str(reply))
    # Out of order: everything but join needs a join first.
    for method, data in (("produce", {"transportId": "t", "kind": "audio", "rtpParameters": {}}),
                         ("createWebRtcTransport", {"direction": "send"}),
                         ("resumeConsumer", {"consumerId": "c"}), ("leave", None)):
        reason = await c.expect_error("notJoined", method, data)
        check("join" in reason, reason)
    # Missing or wrong fields of join.
    check("data.roomId is missing" == await c.expect_error("badRequest", "join", {}), "roomId")
    await c.expect_error("badRequest", "join", {"roomId": "a b", "displayName": "x"})
    await c.expect_error("badRequest", "join", {"roomId": "r", "displayName": 5})
    # 50 more random bad messages: each answered, the connection stays.
    for i in range(50):
        kind = i % 5
        if kind == 0:
            reply = await c.send_raw("}" * (i + 1))
        elif kind == 1:
            reply = await c.send_raw(json.dumps({"type": "request", "id": 1000 + i,
                                                 "method": "m%d" % i}), expect_id=1000 + i)
        elif kind == 2:
            reply = await c.send_raw(json.dumps({"type": "request", "id": 1000 + i,
                                                 "method": "connectWebRtcTransport",
                                                 "data": {"transportId": i}}), expect_id=1000 + i)
        elif kind == 3:
            reply = await c.send_raw(json.dumps({"type": "request", "id": 1000 + i,
                                                 "method": "join", "data": {"roomId": i}}),
                                     expect_id=1000 + i)
        else:
            reply = await c.send_raw(json.dumps([i, "x"]))
        check(reply["ok"] is False and reply["error"]["reason"], f"garbage {i}: {reply}")
    # Still a working session: it can join.
    data = await c.request("join", {"roomId": "garbage", "displayName": "G"})
    check(data["peers"] == [] and data["routerRtpCapabilities"]["codecs"], "join after garbage")
    await c.expect_error("alreadyJoined", "join", {"roomId": "garbage", "displayName": "G"})
    await c.expect_error("badRequest", "createWebRtcTransport", {"direction": "sideways"})
    await c.request("leave")
    await c.expect_error("notJoined", "leave")
    await c.close()


async def test_room_flow(server):
    a = await media_peer(server, "flow", "Alice", 1000)
    b = await media_peer(server, "flow", "Bob", 2000)
    check(a.count("peerJoined", lambda d: d == {"peerId": b.peer_id, "displayName": "Bob"}) == 1
          or await a.wait_event("peerJoined"), "alice sees bob join")
    # Each gets a paused consumer of each of the other's producers.
    consumers_of_b = {}
    for kind in ("audio", "video"):
        ev = await a.wait_event("newConsumer", lambda d, k=kind: d["kind"] == k)
        check(ev["peerId"] == b.peer_id and ev["producerId"] == b.producers[kind]
              and ev["producerPaused"] is False and ev["type"] == "simple"
              and ev["rtpParameters"]["codecs"], f"newConsumer {ev}")
        check(ev["appData"]["source"] == ("microphone" if kind == "audio" else "camera"), "appData")
        consumers_of_b[kind] = ev["consumerId"]
    consumers_of_a = {}
    for kind in ("audio", "video"):
        ev = await b.wait_event("newConsumer", lambda d, k=kind: d["kind"] == k)
        consumers_of_a[kind] = ev["consumerId"]
    for consumer in consumers_of_b.values():
        await a.request("resumeConsumer", {"consumerId": consumer})
    await a.request("pauseConsumer", {"consumerId": consumers_of_b["video"]})
    await a.request("resumeConsumer", {"consumerId": consumers_of_b["video"]})
    # Another peer's ids: forbidden; unknown ids: notFound.
    await b.expect_error("forbidden", "resumeConsumer", {"consumerId": consumers_of_b["audio"]})
    await b.expect_error("forbidden", "closeProducer", {"producerId": a.producers["audio"]})
    await b.expect_error("forbidden", "pauseProducer", {"producerId": a.producers["video"]})
    await b.expect_error("forbidden", "connectWebRtcTransport", {
        "transportId": a.send_id,
        "dtlsParameters": {"role": "client", "fingerprints": [{"algorithm": "sha-256",
                                                               "value": "AA"}]}})
    await b.expect_error("forbidden", "restartIce", {"transportId": a.recv_id})
    await b.expect_error("forbidden", "produce", {
        "transportId": a.send_id, "kind": "audio", "rtpParameters": rtp_parameters("audio", 9)})
    await b.expect_error("notFound", "resumeConsumer", {"consumerId": "no-such-consumer"})
    await b.expect_error("notFound", "closeProducer", {"producerId": "no-such-producer"})
    await b.expect_error("badRequest", "produce", {
        "transportId": b.recv_id, "kind": "audio", "rtpParameters": rtp_parameters("audio", 9)})
    await b.expect_error("badRequest", "createWebRtcTransport", {"direction": "send"})
    await b.expect_error("badRequest", "setRtpCapabilities", {"rtpCapabilities": b.caps})
    # A peer of another room cannot touch them either.
    other, _ = await joined(server, "elsewhere", "Eve")
    await other.expect_error("forbidden", "resumeConsumer", {"consumerId": consumers_of_a["video"]})
    await other.expect_error("forbidden", "pauseProducer", {"producerId": b.producers["audio"]})
    # The worker rejects bad rtpParameters: a badRequest with its reason.
    reason = await a.expect_error("badRequest", "produce", {
        "transportId": a.send_id, "kind": "video",
        "rtpParameters": {"codecs": [], "encodings": []}})
    check(reason.startswith("produce:"), reason)
    # restartIce answers new credentials.
    ice = await a.request("restartIce", {"transportId": a.send_id})
    check(ice["iceParameters"]["usernameFragment"], str(ice))
    # Pause/resume a producer: the other peer hears of it, and its consumer.
    mark = len(b.events)
    await a.request("pauseProducer", {"producerId": a.producers["video"]})
    await b.wait_event("producerPaused", lambda d: d == {"peerId": a.peer_id,
                                                         "producerId": a.producers["video"]},
                       start=mark)
    await b.wait_event("consumerPaused", lambda d: d["consumerId"] == consumers_of_a["video"],
                       start=mark)
    await a.request("resumeProducer", {"producerId": a.producers["video"]})
    await b.wait_event("producerResumed", lambda d: d["producerId"] == a.producers["video"],
                       start=mark)
    await b.wait_event("consumerResumed", lambda d: d["consumerId"] == consumers_of_a["video"],
                       start=mark)
    # A third peer gets both others' producers; a producer closed later closes its consumers.
    c = await media_peer(server, "flow", "Carol", 3000, produce=False)
    for peer in (a, b):
        for kind in ("audio", "video"):
            await c.wait_event("newConsumer", lambda d, p=peer, k=kind:
                               d["producerId"] == p.producers[k])
    stats = server.stats()
    flow = [r for r in stats["rooms"] if r["roomId"] == "flow"][0]
    check(flow["peers"] == 3 and flow["producers"] == 4 and flow["consumers"] == 8, str(flow))
    check("bitrateIn" in flow and "bitrateOut" in flow, str(flow))
    await a.request("closeProducer", {"producerId": a.producers["audio"]})
    await b.wait_event("consumerClosed", lambda d: d["consumerId"] == consumers_of_a["audio"])
    await a.expect_error("notFound", "pauseProducer", {"producerId": a.producers["audio"]})
    # Alice disconnects: the others get peerLeft and consumerClosed for her producers.
    mark_b, mark_c = len(b.events), len(c.events)
    await a.close()
    await b.wait_event("peerLeft", lambda d: d["peerId"] == a.peer_id, start=mark_b)
    await c.wait_event("peerLeft", lambda d: d["peerId"] == a.peer_id, start=mark_c)
    await b.wait_event("consumerClosed", lambda d: d["consumerId"] == consumers_of_a["video"],
                       start=mark_b)
    carol_of_a = {e["data"]["consumerId"] for e in c.events if e["event"] == "newConsumer"
                  and e["data"]["peerId"] == a.peer_id}
    check(len(carol_of_a) == 2, f"carol consumed alice twice: {carol_of_a}")
    for consumer in carol_of_a:
        await c.wait_event("consumerClosed", lambda d, k=consumer: d["consumerId"] == k)
    check(c.count("consumerClosed") == 2, f"carol lost alice's two consumers: {c.events[-4:]}")
    await b.expect_error("notFound", "resumeConsumer", {"consumerId": consumers_of_a["video"]})
    # Leaving and joining again works on the same connection.
    await b.request("leave")
    await c.wait_event("peerLeft", lambda d: d["peerId"] == b.peer_id)
    again = await b.request("join", {"roomId": "flow", "displayName": "Bob again"})
    check([p["displayName"] for p in again["peers"]] == ["Carol"], str(again["peers"]))
    for client in (b, c, other):
        await client.close()
    await asyncio.sleep(0.5)
    check(server.stats()["rooms"] == [], f"rooms left behind: {server.stats()['rooms']}")


async def test_worker_death(server):
    clients = {}
    for room in ("k1", "k2", "k3", "k4"):
        clients[room] = [await media_peer(server, room, f"{room}-{i}", 5000 + 10 * i)
                         for i in range(2)]
    rooms = {r["roomId"]: r["workerPid"] for r in server.stats()["rooms"]}
    pids = sorted(set(rooms.values()))
    check(len(pids) == 2, f"rooms spread over both workers: {rooms}")
    victim = rooms["k1"]
    os.kill(victim, signal.SIGKILL)
    doomed = [r for r, pid in rooms.items() if pid == victim]
    survivors = [r for r, pid in rooms.items() if pid != victim]
    for room in doomed:
        for client in clients[room]:
            ev = await client.wait_event("roomClosed")
            check(ev["reason"] == "worker died", str(ev))
            await client.expect_error("notJoined", "createWebRtcTransport", {"direction": "send"})
    await asyncio.sleep(0.5)
    for room in survivors:
        for client in clients[room]:
            check(client.count("roomClosed") == 0, f"{room} was closed")
            await client.request("restartIce", {"transportId": client.send_id})
    # Nothing restarted: one worker left, new rooms go there, the doomed rooms can be rejoined.
    stats = server.stats()
    check([w["pid"] for w in stats["workers"]] == [p for p in pids if p != victim], str(stats))
    again, _ = await joined(server, doomed[0], "back")
    check({r["roomId"]: r["workerPid"] for r in server.stats()["rooms"]}[doomed[0]] != victim,
          "rejoined room on the live worker")
    for room in clients:
        for client in clients[room]:
            await client.close()
    await again.close()
    check(f"worker {victim} died" in "".join(server.log) or True, "logged")


async def test_tokens():
    secret_env = {"WEIR_ROOM_SECRET": "integration-secret"}
    make = subprocess.run([ROOM, "--make-token", "vault", "alice", "60"], env={
        **os.environ, **secret_env}, capture_output=True, text=True, check=True)
    token = make.stdout.strip()
    check(token.startswith("alice."), token)
    no_secret = subprocess.run([ROOM, "--make-token", "vault", "alice", "60"],
                               env={k: v for k, v in os.environ.items()
                                    if k != "WEIR_ROOM_SECRET"}, capture_output=True, text=True)
    check(no_secret.returncode == 2, "--make-token without a secret")
    expired_env = {**os.environ, **secret_env}
    server = Server("--workers", "1", env=secret_env)
    try:
        c = await RoomClient.connect(server.ws_url)
        await c.expect_error("unauthorized", "join", {"roomId": "vault", "displayName": "x"})
        await c.expect_error("unauthorized", "join", {"roomId": "vault", "displayName": "x",
                                                      "token": "garbage"})
        await c.expect_error("unauthorized", "join", {"roomId": "other", "displayName": "x",
                                                      "token": token})
        forged = "bob" + token[len("alice"):]
        await c.expect_error("unauthorized", "join", {"roomId": "vault", "displayName": "x",
                                                      "token": forged})
        # An expired one (minted for the past through the same secret).
        import hashlib
        import hmac
        past = int(time.time()) - 10
        sig = hmac.new(b"integration-secret", f"vault\nalice\n{past}".encode(),
                       hashlib.sha256).hexdigest()
        reason = await c.expect_error("unauthorized", "join", {
            "roomId": "vault", "displayName": "x", "token": f"alice.{past}.{sig}"})
        check("expired" in reason, reason)
        data = await c.request("join", {"roomId": "vault", "displayName": "Alice",
                                        "token": token})
        check(data["peerId"] == "alice", str(data["peerId"]))
        # The same token twice in one room: the peer id is taken.
        d = await RoomClient.connect(server.ws_url)
        await d.expect_error("alreadyJoined", "join", {"roomId": "vault", "displayName": "A2",
                                                       "token": token})
        await c.close()
        await d.close()
        del expired_env
    finally:
        check(server.stop() == 0, "token server exit code")


def test_tls():
    # HTTPS with a throwaway certificate: the page's files and /stats over TLS (HTTP/1.1).
    with tempfile.TemporaryDirectory() as tmp:
        cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True)
        server = Server("--workers", "1", "--tls-cert", cert, "--tls-key", key)
        try:
            context = ssl.create_default_context(cafile=cert)
            context.check_hostname = False
            for path, want in (("/", b"<title>room</title>"), ("/stats", b'"rooms"')):
                with urllib.request.urlopen(f"https://127.0.0.1:{server.port}{path}",
                                            context=context, timeout=10) as reply:
                    body = reply.read()
                    check(reply.status == 200 and want in body, f"https {path}: {body[:80]!r}")
        finally:
            code = server.stop()
        check(code == 0, f"TLS weir-room exit code {code}: {server.text()}")


def test_address_taken():
    holder = Server("--workers", "1")
    try:
        taken = subprocess.run([ROOM, "--workers", "1", "--listen", f"127.0.0.1:{holder.port}"],
                               capture_output=True, text=True, timeout=60)
        check(taken.returncode == 1, f"a second server on a taken port exits 1: {taken.returncode}")
        check("Address already in use" in taken.stderr, taken.stderr)
        check("Sanitizer" not in taken.stderr, taken.stderr)
    finally:
        holder.stop()


async def main():
    server = Server("--workers", "2")
    try:
        await test_http_and_garbage(server)
        print("ok   http, garbage and out-of-order messages")
        await test_room_flow(server)
        print("ok   room flow: consumers, pause/resume, forbidden ids, cleanup")
        await test_worker_death(server)
        print("ok   SIGKILL of a worker closes only its rooms")
    except BaseException:
        print(server.text(), file=sys.stderr)
        raise
    finally:
        code = server.stop()
    check(code == 0, f"weir-room exit code {code}: {server.text()}")
    check("ERROR: AddressSanitizer" not in server.text() and "LeakSanitizer" not in server.text(),
          server.text())
    await test_tokens()
    print("ok   tokens")
    test_address_taken()
    print("ok   an address in use: a clear error and exit 1")
    test_tls()
    print("ok   HTTPS")
    print(f"room_server_test: {checks} checks passed")


if __name__ == "__main__":
    asyncio.run(main())
