"""Bad input on PlainTransports, among a good flow, and invalid rtpParameters in transport.produce.

A Python sender publishes synthetic VP8 (250 packets/s, 3 s) to a comedia PlainTransport; a
consumer sends it to a receiver. While it flows, bad datagrams go to the producer's transport:
from the sender's own address (the learned tuple) RTP with an unknown SSRC, RTP with an unknown
payload type (on the producer's SSRC, with sequence numbers and timestamps far off), RTCP that
does not parse, RTP that does not parse, datagrams that are nothing (random bytes, too short),
and from another host valid-looking RTP and RTCP; and the receiver sends RTCP garbage and
NACKs for packets never sent to the consumer's transport.

Asserts: each kind is counted in transport.getStats under its own name (unknownSsrcPackets,
unknownPayloadTypePackets, badRtcpPackets, badRtpPackets, unknownPackets, foreignTuplePackets)
with exactly the number sent, nothing of it is forwarded, and the flow is not disturbed: the
receiver gets every good packet, in order, byte for byte, the producer counts no loss and the
tuple stays the sender's. Then every invalid rtpParameters is rejected with a TypeError whose
reason names the field, and the transport's producers are unchanged.
"""

import os
import random
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                                "python"))
import rtp_tools as rt  # noqa: E402
from weir_harness import WeirError, Weirctl  # noqa: E402

RATE = 250
COUNT = 750
SSRC = 0x11223344
VP8 = {"kind": "video", "mimeType": "video/VP8", "clockRate": 90000}
VP8_CODEC = {"mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000,
             "rtcpFeedback": [{"type": "nack"}, {"type": "nack", "parameter": "pli"}]}
PRODUCER_PARAMS = {"codecs": [VP8_CODEC], "encodings": [{"ssrc": SSRC}],
                   "rtcp": {"cname": "bad-input"}}
N = 25  # Of each kind of bad datagram.


def bad_datagrams(rng):
    """{stats counter: [datagrams]} sent from the learned tuple."""
    unknown_ssrc = [rt.build_rtp(96, rng.randrange(65536), 0, 0xDEAD0000 + i,
                                 rt.vp8_payload(True, 200)) for i in range(N)]
    unknown_pt = [rt.build_rtp(77, rng.randrange(65536), rng.randrange(1 << 32), SSRC,
                               rt.vp8_payload(True, 200)) for _ in range(N)]
    bad_rtcp = []
    for i in range(N):
        kind = i % 3
        if kind == 0:  # An SR whose length field says more than the datagram holds.
            bad_rtcp.append(struct.pack("!BBHI", 0x80, rt.RTCP_SR, 40, SSRC) + bytes(20))
        elif kind == 1:  # A good RR followed by a truncated header.
            bad_rtcp.append(rt.build_rr(SSRC) + bytes([0x81, 201, 0]))
        else:  # Version 1 after the first header byte says RTCP.
            bad_rtcp.append(bytes([0x80, 200, 0, 1]) + bytes([0x40, 201, 0, 1]) + bytes(8))
    # A CSRC count of 15 needs 72 header bytes (RFC 3550 5.1); an extension longer than the
    # packet (5.3.1).
    bad_rtp = [bytes([0x8F, 96]) + bytes(18) for _ in range(N // 2)]
    bad_rtp += [struct.pack("!BBHII", 0x90, 96, 1, 2, SSRC) + struct.pack("!HH", 0xBEDE, 100)
                + bytes(8) for _ in range(N - N // 2)]
    unknown = []
    for i in range(N):
        if i % 2:
            # Random bytes whose first byte is none of STUN, DTLS, RTP/RTCP (RFC 7983).
            first = rng.choice([4, 10, 19, 64, 100, 127, 192, 220, 255])
            unknown.append(bytes([first]) + bytes(rng.randrange(256)
                                                  for _ in range(rng.randrange(0, 200))))
        else:
            unknown.append(bytes([0x80, 96, 0]))  # Shorter than any RTP header.
    return {"unknownSsrcPackets": unknown_ssrc, "unknownPayloadTypePackets": unknown_pt,
            "badRtcpPackets": bad_rtcp, "badRtpPackets": bad_rtp, "unknownPackets": unknown}


def flow_with_bad_input(w):
    caps = w.create_router("r", [VP8])
    port = w.plain_transport("r", "in", comedia=True)["plain"]["tuple"]["localPort"]
    w.request("transport.produce", "in",
              {"producerId": "p", "kind": "video", "rtpParameters": PRODUCER_PARAMS})
    receiver = rt.Receiver()
    out_port = w.plain_transport("r", "out")["plain"]["tuple"]["localPort"]
    w.request("transport.connect", "out", {"ip": "127.0.0.1", "port": receiver.port})
    params = w.request("transport.consume", "out", {
        "consumerId": "c", "producerId": "p", "rtpCapabilities": caps})["rtpParameters"]
    out_ssrc = params["encodings"][0]["ssrc"]
    pool = rt.ReceiverPool([receiver])
    dest = ("127.0.0.1", port)
    source = rt.Vp8Source(dest, SSRC, 96, rate=RATE).start(count=COUNT)
    time.sleep(0.5)  # The tuple is learned from the source's first packet.
    tuple_port = source.sock.getsockname()[1]

    rng = random.Random(3550)
    bad = bad_datagrams(rng)
    sends = [(kind, d) for kind, datagrams in bad.items() for d in datagrams]
    rng.shuffle(sends)
    # Another host (all of 127/8 is loopback). From the sender's own host, comedia takes the
    # first RTCP from a new port as the sender's RTCP port (ffmpeg sends RTCP from another port).
    foreign = rt.udp_socket(ip="127.0.0.2")
    foreign_sends = [rt.build_rtp(96, 5000 + i, 0, SSRC, rt.vp8_payload(True, 100))
                     for i in range(N)] + [rt.build_rr(1), rt.build_pli(1, SSRC)] * 5
    # To the consumer's transport, from the receiver's address (its tuple): RTCP garbage, and
    # NACKs for sequence numbers the consumer never sent.
    consumer_side = [bytes([0x80, 205, 0, 50]) + bytes(8) for _ in range(N)]
    consumer_side += [rt.build_nack(7, out_ssrc, [1, 2, 3, 40000]) for _ in range(5)]

    def send_bad():
        for kind, d in sends:
            source.sock.sendto(d, dest)
            time.sleep(0.01)
        for d in foreign_sends:
            foreign.sendto(d, dest)
            time.sleep(0.01)
        for d in consumer_side:
            receiver.sock.sendto(d, ("127.0.0.1", out_port))
            time.sleep(0.01)

    bad_thread = threading.Thread(target=send_bad)
    bad_thread.start()
    bad_thread.join()
    source.wait()
    time.sleep(0.5)
    pool.stop()
    stats_in = w.request("transport.getStats", "in")
    stats_out = w.request("transport.getStats", "out")
    producer = w.stats("producer.getStats", "p")
    consumer = w.stats("consumer.getStats", "c")

    got = receiver.packets()
    print(f"good flow: sent {COUNT}, receiver got {len(got)} (gaps/disorder "
          f"{rt.seq_gaps([p.seq for p in got])}); producer packetCount {producer['packetCount']} "
          f"lost {producer['packetsLost']}")
    counters = ["unknownSsrcPackets", "unknownPayloadTypePackets", "badRtcpPackets",
                "badRtpPackets", "unknownPackets", "foreignTuplePackets"]
    print("producer's transport: " + ", ".join(f"{k} {stats_in[k]}" for k in counters)
          + f"; rtpPacketsReceived {stats_in['rtpPacketsReceived']}")
    print(f"consumer's transport: badRtcpPackets {stats_out['badRtcpPackets']}, "
          f"rtcpPacketsReceived {stats_out['rtcpPacketsReceived']}; consumer nackCount "
          f"{consumer['nackCount']} packetsRetransmitted {consumer['packetsRetransmitted']}")

    for kind, datagrams in bad.items():
        assert stats_in[kind] == len(datagrams), (kind, stats_in[kind], len(datagrams))
    assert stats_in["foreignTuplePackets"] == len(foreign_sends), stats_in
    # Parsed RTP reaches the transport's accounting: the good flow and the two unknown kinds.
    assert stats_in["rtpPacketsReceived"] == COUNT + 2 * N, stats_in
    assert stats_in["plain"]["tuple"]["remotePort"] == tuple_port, stats_in
    assert stats_out["badRtcpPackets"] == N, stats_out
    assert stats_out["foreignTuplePackets"] == 0, stats_out
    assert consumer["packetsRetransmitted"] == 0, consumer

    assert producer["packetCount"] == COUNT and producer["packetsLost"] == 0, producer
    assert all(p.ssrc == out_ssrc for p in got), "something else than the flow was forwarded"
    assert len(got) == COUNT, f"{len(got)} of {COUNT}"
    assert rt.seq_gaps([p.seq for p in got]) == (0, 0)
    assert [p.payload for p in got] == [payload for _, _, payload in source.sent]
    assert consumer["packetCount"] == COUNT, consumer


def invalid_parameters(w):
    vp8 = VP8_CODEC
    rtx = {"mimeType": "video/rtx", "payloadType": 97, "clockRate": 90000}
    cases = [  # (what, kind, rtpParameters, text the reason must contain)
        ("unknown codec", "video",
         {"codecs": [{"mimeType": "video/H263", "payloadType": 96, "clockRate": 90000}],
          "encodings": [{"ssrc": 1}]}, "rtpParameters.codecs[0]: unsupported codec video/H263"),
        ("codec the router lacks", "video",
         {"codecs": [{"mimeType": "video/VP9", "payloadType": 98, "clockRate": 90000}],
          "encodings": [{"ssrc": 1}]}, "rtpParameters.codecs[0]: unsupported codec video/VP9"),
        ("wrong clock rate", "video",
         {"codecs": [{**vp8, "clockRate": 48000}], "encodings": [{"ssrc": 1}]},
         "rtpParameters.codecs[0]"),
        ("kind mismatch", "audio", {"codecs": [vp8], "encodings": [{"ssrc": 1}]},
         "rtpParameters.codecs[0]"),
        ("missing mimeType", "video",
         {"codecs": [{"payloadType": 96, "clockRate": 90000}], "encodings": [{"ssrc": 1}]},
         "rtpParameters.codecs[0].mimeType"),
        ("no codecs", "video", {"codecs": [], "encodings": [{"ssrc": 1}]},
         "rtpParameters.codecs"),
        ("duplicated ssrc", "video", {"codecs": [vp8], "encodings": [{"ssrc": 5}, {"ssrc": 5}]},
         "rtpParameters.encodings[1].ssrc"),
        ("missing encodings", "video", {"codecs": [vp8]}, "rtpParameters.encodings"),
        ("empty encodings", "video", {"codecs": [vp8], "encodings": []},
         "rtpParameters.encodings"),
        ("duplicated rid", "video",
         {"codecs": [vp8], "encodings": [{"rid": "a"}, {"rid": "a"}]},
         "rtpParameters.encodings[1].rid"),
        ("payload type out of range", "video",
         {"codecs": [{**vp8, "payloadType": 200}], "encodings": [{"ssrc": 1}]},
         "rtpParameters.codecs[0].payloadType"),
        ("duplicated payload type", "video",
         {"codecs": [vp8, {**rtx, "payloadType": 96, "parameters": {"apt": 96}}],
          "encodings": [{"ssrc": 1}]}, "rtpParameters.codecs[1].payloadType"),
        ("encoding payload type unknown", "video",
         {"codecs": [vp8], "encodings": [{"ssrc": 1, "codecPayloadType": 99}]},
         "rtpParameters.encodings[0].codecPayloadType"),
        ("rtx without apt", "video",
         {"codecs": [vp8, rtx], "encodings": [{"ssrc": 1, "rtx": {"ssrc": 2}}]},
         "rtpParameters.codecs[1].parameters.apt"),
        ("rtx apt to nothing", "video",
         {"codecs": [vp8, {**rtx, "parameters": {"apt": 55}}], "encodings": [{"ssrc": 1}]},
         "rtpParameters.codecs[1].parameters.apt"),
        ("rtx first", "video",
         {"codecs": [{**rtx, "parameters": {"apt": 96}}, vp8], "encodings": [{"ssrc": 1}]},
         "rtpParameters.codecs[0]"),
        ("extension id 0", "video",
         {"codecs": [vp8], "encodings": [{"ssrc": 1}],
          "headerExtensions": [{"uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 0}]},
         "rtpParameters.headerExtensions[0].id"),
        ("duplicated extension id", "video",
         {"codecs": [vp8], "encodings": [{"ssrc": 1}],
          "headerExtensions": [{"uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1},
                               {"uri": "urn:ietf:params:rtp-hdrext:toffset", "id": 1}]},
         "rtpParameters.headerExtensions[1].id"),
    ]
    before = w.request("transport.dump", "in")["producerIds"]
    for what, kind, params, expected in cases:
        try:
            w.request("transport.produce", "in",
                      {"producerId": f"bad-{what}", "kind": kind, "rtpParameters": params})
        except WeirError as e:
            print(f"  {what}: {e.kind}: {e.reason}")
            assert e.kind == "TypeError", (what, e.kind, e.reason)
            assert expected in e.reason, (what, e.reason, expected)
            continue
        raise AssertionError(f"{what}: accepted")
    # An SSRC another producer of the transport already receives on: a conflict with state.
    try:
        w.request("transport.produce", "in", {"producerId": "bad-ssrc-taken", "kind": "video",
                                              "rtpParameters": PRODUCER_PARAMS})
        raise AssertionError("an SSRC in use was accepted")
    except WeirError as e:
        print(f"  ssrc in use: {e.kind}: {e.reason}")
        assert e.kind == "InvalidStateError" and str(SSRC) in e.reason, e
    assert w.request("transport.dump", "in")["producerIds"] == before
    print(f"{len(cases) + 1} invalid rtpParameters rejected")


def main():
    t0 = time.monotonic()
    with Weirctl() as w:
        flow_with_bad_input(w)
        invalid_parameters(w)
    print(f"bad_input_test: ok ({time.monotonic() - t0:.1f} s)")


if __name__ == "__main__":
    main()
