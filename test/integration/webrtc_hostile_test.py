"""Faults and hostile input while a WebRTC call runs: an aiortc publisher and an aiortc
subscriber talk through Weir (test/support/python/aiortc_peer.py) while an attacker thread sends,
to the receive transport's port,
  - garbage datagrams (first bytes outside STUN/DTLS/RTP/RTCP),
  - Binding requests with a wrong USERNAME, and with the right USERNAME but a MESSAGE-INTEGRITY
    made with a wrong password,
and to the send transport's port (where the producer is)
  - RTP with the producer's SSRC and payload type, and DTLS records, from a foreign tuple,
  - RTP with forged SRTP from a tuple that did pass a valid ICE check (an attacker who read the
    ICE credentials but has no DTLS keys),
while a third aiortc peer publishes to a third transport connected with a wrong fingerprint.

Asserts: the subscriber keeps decoding (frames keep increasing during and after the attack); each
bad packet is dropped and counted exactly where it belongs (transport.getStats: unknownPackets,
webRtc.iceWrongUsername, webRtc.iceBadIntegrity, foreignTuplePackets, srtpAuthFailures), every
refused Binding request got a 401; the producer received no injected packet; the call's selected
tuples do not move; the third transport reports dtlsstatechange "failed"; the worker stays up and
exits 0.
"""

import asyncio
import os
import random
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                                "python"))

from aioice import stun  # noqa: E402

from aiortc_peer import (LOOPBACK_UDP, VP8_ROUTER_CODECS, Call,  # noqa: E402
                         SyntheticVideoTrack, use_loopback_only)
from weir_harness import Weirctl  # noqa: E402

N_GARBAGE = 3000
N_WRONG_USERNAME = 1000
N_BAD_INTEGRITY = 1000
N_FOREIGN_RTP = 1000
N_FOREIGN_DTLS = 200
N_FORGED_SRTP = 500     # A new SSRC: no replay state, so each fails authentication.
N_FORGED_PRODUCER = 500  # The producer's SSRC: an auth failure, or a replay where the sequence
                         # number falls behind the real stream's (its start is random).


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print(f"  ok  {what}")


def udp_address(webrtc):
    c = next(c for c in webrtc["iceCandidates"] if c["protocol"] == "udp")
    return (c["address"], c["port"])


def binding_request(username, password, use_candidate=False):
    msg = stun.Message(message_method=stun.Method.BINDING, message_class=stun.Class.REQUEST)
    msg.attributes["USERNAME"] = username
    msg.attributes["PRIORITY"] = 0x6E001EFF
    msg.attributes["ICE-CONTROLLING"] = random.getrandbits(64)
    if use_candidate:
        msg.attributes["USE-CANDIDATE"] = None
    msg.add_message_integrity(password.encode())  # Adds FINGERPRINT too.
    return bytes(msg)


def rtp_packet(ssrc, pt, seq, payload_size=200, srtp_tag=False):
    header = struct.pack("!BBHII", 0x80, pt, seq & 0xFFFF, seq * 3000, ssrc)
    body = random.randbytes(payload_size)
    return header + body + (random.randbytes(10) if srtp_tag else b"")


class Attacker:
    """Sends the hostile traffic from its own sockets, paced so the kernel drops nothing, and
    counts the answers it gets."""

    def __init__(self, recv_addr, recv_ice, send_addr, send_ice, producer_ssrc, producer_pt):
        self.recv_addr = recv_addr
        self.recv_ice = recv_ice
        self.send_addr = send_addr
        self.send_ice = send_ice
        self.ssrc = producer_ssrc
        self.pt = producer_pt
        self.errors_401 = 0
        self.other_answers = 0
        self.forged_path_answer = None
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.forged = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.forged.bind(("127.0.0.1", 0))
        self.forged.settimeout(2)
        self.stop = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.failure = None

    def _read(self):
        while not self.stop.is_set():
            try:
                data, _ = self.sock.recvfrom(2048)
            except socket.timeout:
                continue
            try:
                msg = stun.parse_message(data)
            except ValueError:
                self.other_answers += 1
                continue
            code = msg.attributes.get("ERROR-CODE")
            if msg.message_class == stun.Class.ERROR and code and code[0] == 401:
                self.errors_401 += 1
            else:
                self.other_answers += 1

    def _paced(self, sock, packets, to):
        for i, packet in enumerate(packets):
            sock.sendto(packet, to)
            if i % 50 == 49:
                time.sleep(0.01)

    def run(self):
        try:
            self._run()
        except BaseException as e:  # Reported by the test, not lost in the thread.
            self.failure = e
        finally:
            self.stop.set()

    def _run(self):
        self.reader.start()
        rnd = random.Random(5)
        garbage = []
        for _ in range(N_GARBAGE):
            first = rnd.choice(list(range(4, 16)) + list(range(64, 128)) + list(range(192, 256)))
            garbage.append(bytes([first]) + rnd.randbytes(rnd.randint(0, 1200)))
        self._paced(self.sock, garbage, self.recv_addr)

        ufrag = self.recv_ice["usernameFragment"]
        wrong_user = [binding_request(f"notthetransport{i}:attacker", self.recv_ice["password"])
                      for i in range(N_WRONG_USERNAME)]
        self._paced(self.sock, wrong_user, self.recv_addr)
        bad_mi = [binding_request(f"{ufrag}:attacker", "not-the-password-" + str(i))
                  for i in range(N_BAD_INTEGRITY)]
        self._paced(self.sock, bad_mi, self.recv_addr)

        # Into the producer's transport: its SSRC and payload type, from a path ICE never saw.
        foreign = [rtp_packet(self.ssrc, self.pt, i, srtp_tag=True) for i in range(N_FOREIGN_RTP)]
        foreign += [bytes([22, 0xFE, 0xFD]) + rnd.randbytes(60) for _ in range(N_FOREIGN_DTLS)]
        self._paced(self.sock, foreign, self.send_addr)

        # A path that passes ICE (not nominating: the peer's path stays selected), then RTP
        # with a made-up SRTP tag from it.
        request = binding_request(f"{self.send_ice['usernameFragment']}:attacker",
                                  self.send_ice["password"])
        self.forged.sendto(request, self.send_addr)
        answer, _ = self.forged.recvfrom(2048)
        self.forged_path_answer = stun.parse_message(answer).message_class
        forged = [rtp_packet(0x0BADBEEF, self.pt, 1000 + i, srtp_tag=True)
                  for i in range(N_FORGED_SRTP)]
        forged += [rtp_packet(self.ssrc, self.pt, 10000 + i, srtp_tag=True)
                   for i in range(N_FORGED_PRODUCER)]
        self._paced(self.forged, forged, self.send_addr)
        time.sleep(0.5)  # Let the last answers arrive.
        self.stop.set()
        self.reader.join()


async def wrong_fingerprint_peer(weir):
    """A third publisher whose transport was told someone else's fingerprint."""
    bad = Call(weir, "r1", LOOPBACK_UDP, prefix="bad")
    original_request = weir.request

    def tampering_request(method, handler_id="", body=None, timeout=10):
        if method == "transport.connect" and handler_id == bad.send_id:
            fp = body["dtlsParameters"]["fingerprints"][0]
            first = fp["value"][:2]
            flipped = "00" if first != "00" else "11"
            fp["value"] = flipped + fp["value"][2:]
        return original_request(method, handler_id, body, timeout)

    weir.request = tampering_request
    try:
        await bad.publish(SyntheticVideoTrack(160, 120))
    finally:
        weir.request = original_request
    return bad


async def run(weir):
    weir.request("worker.createRouter", "", {"routerId": "r1", "mediaCodecs": VP8_ROUTER_CODECS})
    call = Call(weir, "r1", LOOPBACK_UDP)
    bad = None
    try:
        await call.publish(SyntheticVideoTrack(320, 240))
        await call.subscribe()
        before_frames = await call.wait_frames(30, timeout=30)
        check(before_frames >= 30, f"call decoding before the attack: {before_frames} frames")
        send_before = weir.request("transport.getStats", call.send_id)
        recv_before = weir.request("transport.getStats", call.recv_id)
        producer_before = weir.request("producer.getStats", call.producer_id)

        attacker = Attacker(udp_address(call.recv_webrtc), call.recv_webrtc["iceParameters"],
                            udp_address(call.send_webrtc), call.send_webrtc["iceParameters"],
                            call.producer_rtp["encodings"][0]["ssrc"],
                            call.producer_rtp["codecs"][0]["payloadType"])
        thread = threading.Thread(target=attacker.run, daemon=True)
        started = time.monotonic()
        thread.start()
        bad = await wrong_fingerprint_peer(weir)
        frames_during = []
        while thread.is_alive():
            await asyncio.sleep(1)
            frames_during.append(call.frames)
        attack_seconds = time.monotonic() - started
        if attacker.failure is not None:
            raise attacker.failure
        dtls_failed = None
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and dtls_failed is None:
            for e in weir.events_of("transport.dtlsstatechange", bad.send_id):
                if e["body"].get("dtlsState") == "failed":
                    dtls_failed = e["body"]
            await asyncio.sleep(0.2)
        after_attack = call.frames
        await call.wait_frames(after_attack + 30, timeout=15)
        print(f"attack took {attack_seconds:.1f} s; frames before {before_frames}, during "
              f"{frames_during}, right after {after_attack}, at the end {call.frames}")

        send = weir.request("transport.getStats", call.send_id)
        recv = weir.request("transport.getStats", call.recv_id)

        def delta(now, then, key, sub=None):
            if sub:
                return now[sub].get(key, 0) - then[sub].get(key, 0)
            return now.get(key, 0) - then.get(key, 0)

        print("receive transport:", {k: delta(recv, recv_before, k) for k in
                                     ("unknownPackets", "foreignTuplePackets", "srtpAuthFailures")},
              {k: delta(recv, recv_before, k, "webRtc") for k in
               ("iceWrongUsername", "iceBadIntegrity", "iceValidChecks")})
        print("send transport:", {k: delta(send, send_before, k) for k in
                                  ("unknownPackets", "foreignTuplePackets", "srtpAuthFailures",
                                   "srtpReplays", "badRtpPackets", "rtpPacketsReceived",
                                   "bytesReceived")},
              {k: delta(send, send_before, k, "webRtc") for k in
               ("iceWrongUsername", "iceBadIntegrity", "iceValidChecks")})
        print(f"attacker got {attacker.errors_401} 401 answers, {attacker.other_answers} others")

        # The call went on.
        samples = [before_frames] + frames_during
        check(len(frames_during) >= 2 and all(b > a for a, b in zip(samples, samples[1:])),
              f"frames increased every second of the attack {samples}")
        check(call.frames >= after_attack + 30, f"decoding after the attack: {call.frames}")
        check(call.frames >= before_frames + 60, "at least 60 more frames since the attack began")

        # Every bad packet was dropped and counted where it belongs.
        check(delta(recv, recv_before, "unknownPackets") == N_GARBAGE,
              f"receive transport: unknownPackets +{N_GARBAGE}")
        check(delta(recv, recv_before, "iceWrongUsername", "webRtc") == N_WRONG_USERNAME,
              f"receive transport: iceWrongUsername +{N_WRONG_USERNAME}")
        check(delta(recv, recv_before, "iceBadIntegrity", "webRtc") == N_BAD_INTEGRITY,
              f"receive transport: iceBadIntegrity +{N_BAD_INTEGRITY}")
        check(attacker.errors_401 == N_WRONG_USERNAME + N_BAD_INTEGRITY,
              f"{attacker.errors_401} 401 answers (RFC 8445 7.3)")
        check(attacker.other_answers == 0, "no other answer to the attacker")
        check(delta(send, send_before, "foreignTuplePackets") == N_FOREIGN_RTP + N_FOREIGN_DTLS,
              f"send transport: foreignTuplePackets +{N_FOREIGN_RTP + N_FOREIGN_DTLS}")
        check(attacker.forged_path_answer == stun.Class.RESPONSE,
              "the attacker's valid check was answered with success")
        auth = delta(send, send_before, "srtpAuthFailures")
        replays = delta(send, send_before, "srtpReplays")
        check(auth >= N_FORGED_SRTP, f"send transport: srtpAuthFailures +{auth} >= {N_FORGED_SRTP}")
        check(auth + replays == N_FORGED_SRTP + N_FORGED_PRODUCER,
              f"send transport: srtpAuthFailures + srtpReplays = "
              f"{N_FORGED_SRTP + N_FORGED_PRODUCER}")
        for stats, before in ((send, send_before), (recv, recv_before)):
            check(stats["webRtc"]["dtlsState"] == "connected", "call transport DTLS connected")
            check(stats["webRtc"]["iceSelectedTuple"] == before["webRtc"]["iceSelectedTuple"],
                  f"selected tuple unchanged ({stats['webRtc']['iceSelectedTuple']['remotePort']})")
        # Nothing injected reached the producer: Weir's count, read first, cannot exceed what
        # aiortc sent by the time it is asked (loopback loses nothing).
        weir_rtp = weir.request("transport.getStats", call.send_id)["rtpPacketsReceived"]
        producer = weir.request("producer.getStats", call.producer_id)["stats"][0]
        sender_stats = await call.publisher.getSenders()[0].getStats()
        aiortc_sent = sum(s.packetsSent for s in sender_stats.values()
                          if s.type == "outbound-rtp")
        print(f"producer packetCount {producer['packetCount']} (before the attack "
              f"{producer_before['stats'][0]['packetCount']}), transport RTP in {weir_rtp}, "
              f"aiortc sent {aiortc_sent}")
        check(weir_rtp <= aiortc_sent, f"RTP received {weir_rtp} <= RTP aiortc sent {aiortc_sent}")
        check(producer["packetCount"] <= aiortc_sent, "producer packetCount <= aiortc sent")
        check(producer["packetsLost"] == 0 and producer["packetsDuplicated"] == 0,
              "producer saw no loss and no duplicates")

        # The wrong fingerprint failed its own transport and nothing else.
        check(dtls_failed is not None, f"bad transport dtlsstatechange failed ({dtls_failed})")
        bad_stats = weir.request("transport.getStats", bad.send_id)
        check(bad_stats["webRtc"]["dtlsState"] == "failed", "bad transport stats say failed")
        check(bad_stats.get("rtpPacketsReceived", 0) == 0, "bad transport got no media through")
        check(len(weir.request("worker.dump", "")["routerIds"]) == 1, "worker still answers")
    finally:
        await call.close()
        if bad is not None:
            await bad.close()


def main():
    use_loopback_only()
    started = time.monotonic()
    with Weirctl("--ignore-unknown-fields") as weir:
        try:
            asyncio.run(run(weir))
        except BaseException:
            for e in weir.events:
                print(f"  event {e['handlerId']} {e['event']} {e.get('body')}")
            for line in weir.logs[-20:]:
                print(f"  log {line}")
            raise
    check(weir.proc.returncode == 0, f"weirctl exited {weir.proc.returncode}")
    print(f"webrtc_hostile_test: ok ({time.monotonic() - started:.1f} s)")


if __name__ == "__main__":
    main()
