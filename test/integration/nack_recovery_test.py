"""Loss recovery through NACK and retransmission, with a lossy relay between worker and receiver.

    Python VP8 sender -> PlainTransport producer -> SimpleConsumer -> PlainTransport
        -> relay (drops 5% of RTP, seeded) -> NACKing receiver
        <- NACKs (RTCP generic NACK, RFC 4585 6.2.1) back through the relay <-

The receiver's rtpCapabilities (the router's) include video/rtx and nack, so the consumer answers
NACKs with RTX packets (RFC 4588) on its RTX SSRC. 300 packets/s for 10 s. (Without RTX the
worker does not negotiate generic NACK at all, as mediasoup does: nothing to test there.)

Asserts: the relay dropped 3.5-6.5% of the media packets; the receiver ends with >= 99.5% of
what was sent (every repaired payload byte-identical to the original); the consumer's stats count
the NACKs (nackCount, nackPacketCount) and the retransmissions (packetsRetransmitted) the
receiver caused, and the transport's the RTX bytes; the repairs came on the RTX SSRC and payload
type, in an RTX sequence of their own.
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                                "python"))
import rtp_tools as rt  # noqa: E402
from weir_harness import Weirctl  # noqa: E402

RATE = 300
LOSS = 0.05
VP8 = {"kind": "video", "mimeType": "video/VP8", "clockRate": 90000}
PRODUCER_PARAMS = {
    "codecs": [{"mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000,
                "rtcpFeedback": [{"type": "nack"}, {"type": "nack", "parameter": "pli"}]}],
    "encodings": [{"ssrc": 0x0A0B0C0D}], "rtcp": {"cname": "nack-test"}}


def run(seconds, seed):
    count = RATE * seconds
    with Weirctl() as w:
        caps = w.create_router("r", [VP8])
        port = w.plain_transport("r", "in", comedia=True)["plain"]["tuple"]["localPort"]
        w.request("transport.produce", "in",
                  {"producerId": "p", "kind": "video", "rtpParameters": PRODUCER_PARAMS})
        out_port = w.plain_transport("r", "out")["plain"]["tuple"]["localPort"]
        relay = rt.LossyRelay(("127.0.0.1", out_port), LOSS, seed)
        w.request("transport.connect", "out", {"ip": "127.0.0.1", "port": relay.port})
        params = w.request("transport.consume", "out",
                           {"consumerId": "c", "producerId": "p", "rtpCapabilities": caps})
        params = params["rtpParameters"]
        encoding = params["encodings"][0]
        rtx_codec = [c for c in params["codecs"] if c["mimeType"] == "video/rtx"]
        assert rtx_codec and "rtx" in encoding, params
        assert {"type": "nack", "parameter": ""} in params["codecs"][0]["rtcpFeedback"], params
        receiver = rt.NackingReceiver(encoding["ssrc"], encoding["rtx"]["ssrc"],
                                      rtx_codec[0]["payloadType"]).start()
        relay.start(("127.0.0.1", receiver.port))
        source = rt.Vp8Source(("127.0.0.1", port), 0x0A0B0C0D, 96, rate=RATE).start(count=count)
        source.wait()
        # The tail's losses need a round trip or a few to be repaired.
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and (receiver.missing or len(receiver.received) < count
                                               - len(receiver.given_up)):
            time.sleep(0.05)
        time.sleep(0.2)
        receiver.stop()
        relay.stop()
        stats = w.stats("consumer.getStats", "c")
        transport = w.request("transport.getStats", "out")

    sent = [payload for _, _, payload in source.sent]
    media_dropped = sum(1 for ssrc, _ in relay.dropped if ssrc == encoding["ssrc"])
    repair_dropped = len(relay.dropped) - media_dropped
    got = len(receiver.received)
    print(f"sent {count} packets at {RATE}/s; the relay dropped "
          f"{media_dropped} media packets ({100 * media_dropped / count:.2f}%) and "
          f"{repair_dropped} retransmissions; received first time {len(receiver.first_copy)} "
          f"({100 * len(receiver.first_copy) / count:.2f}%), after repair {got} "
          f"({100 * got / count:.2f}%); {receiver.nacks_sent} NACKs for {receiver.nacked_seqs} "
          f"packets, {len(receiver.given_up)} given up, {receiver.duplicates} duplicates")
    print(f"  consumer: nackCount {stats['nackCount']} nackPacketCount "
          f"{stats['nackPacketCount']} packetsRetransmitted {stats['packetsRetransmitted']} "
          f"packetCount {stats['packetCount']}; transport rtcpPacketsReceived "
          f"{transport['rtcpPacketsReceived']} rtxBytesSent {transport['rtxBytesSent']}")

    assert len(sent) == count and stats["packetCount"] == count, stats
    assert 0.035 * count <= media_dropped <= 0.065 * count, media_dropped
    assert len(receiver.first_copy) == count - media_dropped, \
        "the relay's drops are not the only losses"
    assert got >= 0.995 * count, f"{got} of {count} after retransmissions"
    assert len(receiver.repaired) >= 0.995 * media_dropped - (count - got), receiver.repaired
    # Every payload, first copy or repair, is the one sent at its place in the sequence.
    first = min(receiver.received)
    first_index = rt.Vp8Source.index_of(receiver.received[first])
    for ext, payload in receiver.received.items():
        assert payload == sent[first_index + ext - first], f"payload of packet {ext} differs"
    assert stats["nackCount"] > 0 and stats["nackCount"] <= receiver.nacks_sent, stats
    assert stats["nackPacketCount"] >= len(receiver.repaired), stats
    assert stats["packetsRetransmitted"] >= len(receiver.repaired), stats
    assert stats["packetsRetransmitted"] <= stats["nackPacketCount"], stats
    assert len(receiver.rtx_seqs) >= len(receiver.repaired), "repairs not on the RTX SSRC"
    missing, disorder = rt.seq_gaps(receiver.rtx_seqs)
    assert disorder == 0 and missing == repair_dropped, (missing, repair_dropped)
    # Retransmissions are the transport's RTX traffic, not RTP (webrtc-stats, mediasoup).
    assert transport["rtpPacketsSent"] == count, transport
    assert transport["rtxBytesSent"] > 0, transport


def main():
    t0 = time.monotonic()
    run(seconds=10, seed=4585)
    print(f"nack_recovery_test: ok ({time.monotonic() - t0:.1f} s)")


if __name__ == "__main__":
    main()
