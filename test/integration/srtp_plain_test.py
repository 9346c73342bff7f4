"""SRTP PlainTransports, end to end, with each crypto suite; libsrtp (Debian's python3-pylibsrtp)
protects and unprotects on the test's side.

For AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM and AEAD_AES_256_GCM:
a sender protects 200 Opus RTP packets (random payloads) with its key and sends them to an SRTP
comedia PlainTransport producer (connect gives the worker the sender's key); a consumer on a
second SRTP PlainTransport sends to a receiver, which unprotects with the keys the worker
returned. Asserts: every payload arrives byte for byte, in order, on the consumer's SSRC; the
worker's RTCP to both peers (RR to the sender, SR to the receiver) is SRTCP that unprotects with
the worker's keys; the sender's own SRTCP SR is accepted; one replayed packet counts in
srtpReplays; the keys have the suite's length.

Wrong key: a sender with another key gets srtpAuthFailures counted and nothing forwarded, and
it does not become the comedia remote: a sender with the right key, from another port, still
does, and gets through.
"""

import base64
import os
import random
import socket
import struct
import sys
import time

import pylibsrtp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                                "python"))
import rtp_tools as rt  # noqa: E402
from weir_harness import Weirctl  # noqa: E402

P = pylibsrtp.Policy
SUITES = {  # name: (libsrtp profile, master key + salt bytes)
    "AES_CM_128_HMAC_SHA1_80": (P.SRTP_PROFILE_AES128_CM_SHA1_80, 30),
    "AES_CM_128_HMAC_SHA1_32": (P.SRTP_PROFILE_AES128_CM_SHA1_32, 30),
    "AEAD_AES_128_GCM": (P.SRTP_PROFILE_AEAD_AES_128_GCM, 28),
    "AEAD_AES_256_GCM": (P.SRTP_PROFILE_AEAD_AES_256_GCM, 44),
}
OPUS = {"kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2}
COUNT = 200


def session(suite, key, outbound):
    return pylibsrtp.Session(P(key=key, ssrc_type=P.SSRC_ANY_OUTBOUND if outbound
                               else P.SSRC_ANY_INBOUND, srtp_profile=SUITES[suite][0]))


def srtp_params(suite, key):
    return {"cryptoSuite": suite, "keyBase64": base64.b64encode(key).decode()}


def producer_params(ssrc):
    return {"codecs": [{"mimeType": "audio/opus", "payloadType": 111, "clockRate": 48000,
                        "channels": 2}], "encodings": [{"ssrc": ssrc}],
            "rtcp": {"cname": "srtp"}}


def sender_report(ssrc, packets, octets):
    """RFC 3550 6.4.1, no report blocks."""
    return struct.pack("!BBHIQIII", 0x80, rt.RTCP_SR, 6, ssrc, 0xE000000000000000, 0, packets,
                       octets)


def drain(sock, seconds):
    """What arrives on `sock` within `seconds`."""
    sock.settimeout(0.05)
    out = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            out.append(sock.recv(65536))
        except socket.timeout:
            pass
    return out


def round_trip(w, caps, suite, index):
    rng = random.Random(index)
    key_len = SUITES[suite][1]
    sender_key = bytes(rng.randrange(256) for _ in range(key_len))
    receiver_key = bytes(rng.randrange(256) for _ in range(key_len))
    ssrc = 0x5000 + index
    tin, tout = f"in-{index}", f"out-{index}"
    din = w.plain_transport("r", tin, comedia=True, enableSrtp=True, srtpCryptoSuite=suite)
    local_in = din["plain"]["srtpParameters"]
    assert local_in["cryptoSuite"] == suite, local_in
    assert len(base64.b64decode(local_in["keyBase64"])) == key_len, local_in
    w.request("transport.connect", tin, {"srtpParameters": srtp_params(suite, sender_key)})
    w.request("transport.produce", tin, {"producerId": f"p-{index}", "kind": "audio",
                                         "rtpParameters": producer_params(ssrc)})
    receiver = rt.udp_socket()
    w.plain_transport("r", tout, enableSrtp=True, srtpCryptoSuite=suite)
    connected = w.request("transport.connect", tout, {
        "ip": "127.0.0.1", "port": receiver.getsockname()[1],
        "srtpParameters": srtp_params(suite, receiver_key)})
    local_out = connected["srtpParameters"]
    assert local_out["cryptoSuite"] == suite, local_out
    consumer = w.request("transport.consume", tout, {
        "consumerId": f"c-{index}", "producerId": f"p-{index}", "rtpCapabilities": caps})
    out_ssrc = consumer["rtpParameters"]["encodings"][0]["ssrc"]

    protect = session(suite, sender_key, outbound=True)
    unprotect = session(suite, base64.b64decode(local_out["keyBase64"]), outbound=False)
    from_worker = session(suite, base64.b64decode(local_in["keyBase64"]), outbound=False)
    sender = rt.udp_socket()
    dest = ("127.0.0.1", din["plain"]["tuple"]["localPort"])
    payloads = [bytes(rng.randrange(256) for _ in range(rng.randrange(20, 300)))
                for _ in range(COUNT)]
    first = None
    for i, payload in enumerate(payloads):
        packet = protect.protect(rt.build_rtp(111, 1000 + i, 960 * i, ssrc, payload))
        first = first or packet
        sender.sendto(packet, dest)
        if i == COUNT // 2:
            sender.sendto(protect.protect_rtcp(sender_report(ssrc, i, 1000)), dest)
        time.sleep(0.002)
    sender.sendto(first, dest)  # A replay.
    received = drain(receiver, 1.5)  # Long enough for an RTCP report interval (0.5-1.5 s).
    to_sender = drain(sender, 0.5)

    got, rtcp = [], []
    for data in received:
        if rt.is_rtcp(data):
            rtcp.append(rt.parse_rtcp(unprotect.unprotect_rtcp(data)))
        else:
            got.append(rt.parse_rtp(unprotect.unprotect(data)))
    rr = [rt.parse_rtcp(from_worker.unprotect_rtcp(d)) for d in to_sender if rt.is_rtcp(d)]
    stats_in = w.request("transport.getStats", tin)
    stats_out = w.request("transport.getStats", tout)
    print(f"[{suite}] sent {COUNT} SRTP packets + 1 SRTCP SR + 1 replay; received {len(got)} "
          f"(payloads equal: {[p.payload for p in got] == payloads}), {len(rtcp)} SRTCP from the "
          f"consumer's transport, {len(rr)} to the sender; in: srtpReplays "
          f"{stats_in['srtpReplays']} srtpAuthFailures {stats_in['srtpAuthFailures']} "
          f"rtcpPacketsReceived {stats_in['rtcpPacketsReceived']}")
    assert len(got) == COUNT, f"{len(got)} of {COUNT}"
    assert all(p.ssrc == out_ssrc for p in got)
    assert [p.payload for p in got] == payloads, "payloads differ"
    assert rt.seq_gaps([p.seq for p in got]) == (0, 0)
    assert any(p.pt == rt.RTCP_SR for packets in rtcp for p in packets), rtcp
    assert any(p.pt == rt.RTCP_RR for packets in rr for p in packets), rr
    assert stats_in["rtpPacketsReceived"] == COUNT, stats_in
    assert stats_in["srtpReplays"] == 1 and stats_in["srtpAuthFailures"] == 0, stats_in
    assert stats_in["rtcpPacketsReceived"] == 1, stats_in
    assert stats_out["srtpAuthFailures"] == 0 and stats_out["sendErrors"] == 0, stats_out
    receiver.close()
    sender.close()


def wrong_key(w, caps):
    suite = "AEAD_AES_128_GCM"
    right = bytes(range(28))
    wrong = bytes(range(1, 29))
    ssrc = 0x6000
    d = w.plain_transport("r", "in-wrong", comedia=True, enableSrtp=True, srtpCryptoSuite=suite)
    w.request("transport.connect", "in-wrong", {"srtpParameters": srtp_params(suite, right)})
    w.request("transport.produce", "in-wrong", {"producerId": "p-wrong", "kind": "audio",
                                                "rtpParameters": producer_params(ssrc)})
    receiver = rt.udp_socket()
    w.plain_transport("r", "out-wrong")
    w.request("transport.connect", "out-wrong",
              {"ip": "127.0.0.1", "port": receiver.getsockname()[1]})
    w.request("transport.consume", "out-wrong",
              {"consumerId": "c-wrong", "producerId": "p-wrong", "rtpCapabilities": caps})
    dest = ("127.0.0.1", d["plain"]["tuple"]["localPort"])
    attacker, sender = rt.udp_socket(), rt.udp_socket()
    bad = session(suite, wrong, outbound=True)
    good = session(suite, right, outbound=True)
    for i in range(50):
        attacker.sendto(bad.protect(rt.build_rtp(111, i, 960 * i, ssrc, b"x" * 50)), dest)
    time.sleep(0.3)
    after_bad = w.request("transport.getStats", "in-wrong")
    got_bad = [d for d in drain(receiver, 0.3) if not rt.is_rtcp(d)]
    for i in range(50, 100):
        sender.sendto(good.protect(rt.build_rtp(111, i, 960 * i, ssrc, b"y" * 50)), dest)
    time.sleep(0.3)
    after_good = w.request("transport.getStats", "in-wrong")
    got_good = [rt.parse_rtp(d) for d in drain(receiver, 0.3) if not rt.is_rtcp(d)]
    print(f"[wrong key] 50 packets with a wrong key: srtpAuthFailures "
          f"{after_bad['srtpAuthFailures']}, forwarded {len(got_bad)}, remote "
          f"{after_bad['plain']['tuple'].get('remotePort')}; then 50 with the right key from "
          f"port {sender.getsockname()[1]}: forwarded {len(got_good)}, remote "
          f"{after_good['plain']['tuple'].get('remotePort')}")
    assert after_bad["srtpAuthFailures"] == 50, after_bad
    assert after_bad["rtpPacketsReceived"] == 0, after_bad
    assert got_bad == [], "a packet with a wrong key was forwarded"
    assert after_bad["plain"]["tuple"].get("remotePort", 0) == 0, \
        "an unauthenticated packet set the comedia remote"
    assert after_good["plain"]["tuple"]["remotePort"] == sender.getsockname()[1], after_good
    assert after_good["rtpPacketsReceived"] == 50 and after_good["foreignTuplePackets"] == 0, \
        after_good
    assert len(got_good) == 50 and all(p.payload == b"y" * 50 for p in got_good)


def main():
    t0 = time.monotonic()
    with Weirctl() as w:
        caps = w.create_router("r", [OPUS])
        for index, suite in enumerate(SUITES):
            round_trip(w, caps, suite, index)
        wrong_key(w, caps)
    print(f"srtp_plain_test: ok ({time.monotonic() - t0:.1f} s)")


if __name__ == "__main__":
    main()
