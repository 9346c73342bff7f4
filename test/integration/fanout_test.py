"""One producer, 20 consumers on 20 PlainTransports, 20 plain UDP receivers in this process.

A Python sender publishes synthetic VP8 (a keyframe first, one packet per frame) at 250
packets/s for 4 s to a comedia PlainTransport producer. Asserts, for every receiver: it got every
packet, once, in order (no sequence gap, nothing repeated or reordered), on its consumer's SSRC
and payload type, each payload byte-identical to what was sent, with timestamps shifted by one
constant; and every consumer's stats count the packets the producer counted.
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                                "python"))
import rtp_tools as rt  # noqa: E402
from weir_harness import Weirctl  # noqa: E402

CONSUMERS = 20
RATE = 250
COUNT = 1000
VP8 = {"kind": "video", "mimeType": "video/VP8", "clockRate": 90000}
PRODUCER_PARAMS = {
    "codecs": [{"mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000,
                "rtcpFeedback": [{"type": "nack"}, {"type": "nack", "parameter": "pli"}]}],
    "encodings": [{"ssrc": 0x1234ABCD}], "rtcp": {"cname": "fanout"}}


def main():
    t0 = time.monotonic()
    with Weirctl() as w:
        caps = w.create_router("r", [VP8])
        port = w.plain_transport("r", "in", comedia=True)["plain"]["tuple"]["localPort"]
        w.request("transport.produce", "in",
                  {"producerId": "p", "kind": "video", "rtpParameters": PRODUCER_PARAMS})
        receivers = [rt.Receiver() for _ in range(CONSUMERS)]
        consumers = []
        for i, r in enumerate(receivers):
            w.plain_transport("r", f"out{i}")
            w.request("transport.connect", f"out{i}", {"ip": "127.0.0.1", "port": r.port})
            c = w.request("transport.consume", f"out{i}",
                          {"consumerId": f"c{i}", "producerId": "p", "rtpCapabilities": caps})
            consumers.append(c["rtpParameters"])
        pool = rt.ReceiverPool(receivers)
        source = rt.Vp8Source(("127.0.0.1", port), 0x1234ABCD, 96, rate=RATE).start(count=COUNT)
        source.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(
                len(r.packets(c["encodings"][0]["ssrc"])) < COUNT
                for r, c in zip(receivers, consumers)):
            time.sleep(0.1)
        pool.stop()
        producer = w.stats("producer.getStats", "p")
        consumer_stats = [w.stats("consumer.getStats", f"c{i}") for i in range(CONSUMERS)]
        rss = w.request("worker.getResourceUsage")["ru_maxrss"]

    sent_payloads = [payload for _, _, payload in source.sent]
    print(f"sent {len(source.sent)} packets at {RATE}/s; producer counted "
          f"{producer['packetCount']}; worker max RSS {rss} KiB")
    assert len(source.sent) == COUNT
    assert producer["packetCount"] == COUNT, producer
    for i, (r, params, stats) in enumerate(zip(receivers, consumers, consumer_stats)):
        ssrc = params["encodings"][0]["ssrc"]
        pt = params["codecs"][0]["payloadType"]
        got = r.packets(ssrc)
        seqs = [p.seq for p in got]
        missing, disorder = rt.seq_gaps(seqs)
        print(f"  receiver {i:2}: {len(got)} packets, seq {seqs[0] if seqs else None}.."
              f"{seqs[-1] if seqs else None}, gaps {missing}, out of order {disorder}, "
              f"other SSRCs {len(r.packets()) - len(got)}, RTCP {len(r.rtcp)}")
        assert len(got) == COUNT, f"receiver {i}: {len(got)} of {COUNT}"
        assert missing == 0 and disorder == 0, (i, missing, disorder)
        assert len(r.packets()) == COUNT, "packets on another SSRC"
        assert all(p.pt == pt for p in got), f"receiver {i}: payload type not {pt}"
        assert [p.payload for p in got] == sent_payloads, f"receiver {i}: payloads differ"
        assert rt.vp8_is_keyframe(got[0].payload)
        shifts = {(p.ts - s_ts) & 0xFFFFFFFF
                  for p, s_ts in zip(got, (k * 90000 // 30 for k in range(COUNT)))}
        assert len(shifts) == 1, f"receiver {i}: timestamps not shifted by one constant"
        assert stats["packetCount"] == COUNT and stats["packetsDiscarded"] == 0, stats
    ssrcs = {c["encodings"][0]["ssrc"] for c in consumers}
    assert len(ssrcs) == CONSUMERS, "consumers share an SSRC"
    print(f"fanout_test: ok, {CONSUMERS} x {COUNT} packets ({time.monotonic() - t0:.1f} s)")


if __name__ == "__main__":
    main()
