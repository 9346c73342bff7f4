"""Pause, resume and closing, through the channel, with RTP flowing.

1. consumer.pause / consumer.resume, then producer.pause / producer.resume, while a Python
   sender publishes synthetic VP8 at 200 packets/s (a keyframe first, then only when asked with
   PLI/FIR). Asserts: nothing is forwarded while paused; the output sequence numbers run on
   without a gap across both pauses (the receiver sees one continuous sequence); after each
   resume the first packet is a keyframe, obtained by a keyframe request the worker sent to the
   sender; timestamps move forward across a pause; consumer.producerpause/producerresume are
   notified; the consumer's packetCount is what the receiver got.
2. producer.close: its consumers get consumer.producerclose and are gone (consumer.dump
   NotFoundError, not in their transport's dump); router.closeTransport of a producer's transport
   does the same for its producers' consumers.
3. worker.closeRouter closes everything in it: transport.dump, producer.dump and consumer.dump
   answer NotFoundError afterwards, worker.dump lists no router, the UDP ports are free again.
"""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                                "python"))
import rtp_tools as rt  # noqa: E402
from weir_harness import WeirError, Weirctl  # noqa: E402

RATE = 200
VP8 = {"kind": "video", "mimeType": "video/VP8", "clockRate": 90000}


def producer_params(ssrc):
    return {"codecs": [{"mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000,
                        "rtcpFeedback": [{"type": "nack"}, {"type": "nack", "parameter": "pli"},
                                         {"type": "ccm", "parameter": "fir"}]}],
            "encodings": [{"ssrc": ssrc}], "rtcp": {"cname": "pause"}}


def expect_not_found(w, method, handler_id):
    try:
        w.request(method, handler_id)
    except WeirError as e:
        assert e.kind == "NotFoundError", (method, handler_id, e)
        return
    raise AssertionError(f"{method} {handler_id} still answers")


def media_setup(w, router, tag, ssrc, caps):
    """A comedia producer transport, a consumer transport to a new Receiver, a consumer."""
    port = w.plain_transport(router, f"in-{tag}", comedia=True)["plain"]["tuple"]["localPort"]
    w.request("transport.produce", f"in-{tag}", {"producerId": f"p-{tag}", "kind": "video",
                                                 "rtpParameters": producer_params(ssrc)})
    receiver = rt.Receiver()
    w.plain_transport(router, f"out-{tag}")
    w.request("transport.connect", f"out-{tag}", {"ip": "127.0.0.1", "port": receiver.port})
    w.request("transport.consume", f"out-{tag}",
              {"consumerId": f"c-{tag}", "producerId": f"p-{tag}", "rtpCapabilities": caps})
    return port, receiver


def pause_resume(w):
    caps = w.create_router("r", [VP8])
    port, receiver = media_setup(w, "r", "a", 0xAAAA0001, caps)
    pool = rt.ReceiverPool([receiver])
    source = rt.Vp8Source(("127.0.0.1", port), 0xAAAA0001, 96, rate=RATE).start(seconds=5)
    marks = {}

    def at(t, name, method, handler):
        """The request at t s; marks[name]: how many packets the source had sent before the
        request left and after its answer came."""
        time.sleep(max(0, t - (time.monotonic() - t0)))
        before = len(source.sent)
        w.request(method, handler)
        marks[name] = (before, len(source.sent))

    t0 = time.monotonic()
    at(1.0, "consumer paused", "consumer.pause", "c-a")
    at(2.0, "consumer resumed", "consumer.resume", "c-a")
    at(3.0, "producer paused", "producer.pause", "p-a")
    at(4.0, "producer resumed", "producer.resume", "p-a")
    source.wait()
    time.sleep(0.3)
    pool.stop()
    consumer = w.stats("consumer.getStats", "c-a")
    events = [e["event"] for e in w.events if e["handlerId"] == "c-a"]

    got = receiver.packets()
    indexes = [rt.Vp8Source.index_of(p.payload) for p in got]
    keyframes = {i for i, (_, key, _) in enumerate(source.sent) if key}
    # Where the forwarded source indexes jump: the two pauses.
    jumps = [(a, b) for a, b in zip(indexes, indexes[1:]) if b != a + 1]
    seqs = [p.seq for p in got]
    print(f"sent {len(source.sent)} packets, {len(keyframes)} keyframes (at {sorted(keyframes)}), "
          f"{source.keyframe_requests} keyframe requests received; marks {marks}")
    print(f"receiver got {len(got)}; source index jumps {jumps}; output seq gaps/disorder "
          f"{rt.seq_gaps(seqs)}; consumer packetCount {consumer['packetCount']}, events {events}")
    assert len(jumps) == 2, jumps
    for (before, after), (pause, resume) in zip(jumps, [("consumer paused", "consumer resumed"),
                                                        ("producer paused", "producer resumed")]):
        # Nothing sent after the pause was answered, nothing sent before the resume was asked.
        assert before < marks[pause][1] and after >= marks[resume][0], (before, after, marks)
        assert after in keyframes, f"resumed at index {after}, not a keyframe"
        k = indexes.index(after)
        assert rt.vp8_is_keyframe(got[k].payload)
        assert (got[k].ts - got[k - 1].ts) & 0xFFFFFFFF < 0x80000000, "timestamp went back"
        assert got[k].ts != got[k - 1].ts
    assert rt.seq_gaps(seqs) == (0, 0), "the output sequence has a gap or goes back"
    assert source.keyframe_requests >= 2, source.keyframe_requests
    assert min(keyframes) == 0 and len(keyframes) >= 3, keyframes
    assert consumer["packetCount"] == len(got), consumer
    assert events.count("consumer.producerpause") == 1, events
    assert events.count("consumer.producerresume") == 1, events
    # All the rest of the flow came through.
    assert indexes[0] == 0 and indexes[-1] == len(source.sent) - 1, indexes[-1]


def closing(w):
    caps = w.create_router("r2", [VP8])
    media_setup(w, "r2", "b", 0xBBBB0001, caps)
    # Two more consumers of p-b on other transports, and a second producer.
    for i in (1, 2):
        w.plain_transport("r2", f"out-b{i}")
        w.request("transport.connect", f"out-b{i}", {"ip": "127.0.0.1", "port": 9})
        w.request("transport.consume", f"out-b{i}",
                  {"consumerId": f"c-b{i}", "producerId": "p-b", "rtpCapabilities": caps})
    media_setup(w, "r2", "d", 0xDDDD0001, caps)

    start = len(w.events)
    w.request("transport.closeProducer", "in-b", {"producerId": "p-b"})
    for cid in ("c-b", "c-b1", "c-b2"):
        w.wait_event("consumer.producerclose", handler_id=cid, start=start, timeout=5)
        expect_not_found(w, "consumer.dump", cid)
    expect_not_found(w, "producer.dump", "p-b")
    assert w.request("transport.dump", "out-b")["consumerIds"] == []
    assert w.request("transport.dump", "in-b")["producerIds"] == []
    print("producer.close: consumer.producerclose for its 3 consumers, which are gone")

    start = len(w.events)
    w.request("router.closeTransport", "r2", {"transportId": "in-d"})
    w.wait_event("consumer.producerclose", handler_id="c-d", start=start, timeout=5)
    expect_not_found(w, "transport.dump", "in-d")
    expect_not_found(w, "producer.dump", "p-d")
    expect_not_found(w, "consumer.dump", "c-d")
    print("router.closeTransport: its producer's consumer got consumer.producerclose")

    # What is left: transports in-b, out-b, out-b1, out-b2, out-d; and a fresh pair with media.
    port, receiver = media_setup(w, "r2", "e", 0xEEEE0001, caps)
    ports = [w.request("transport.dump", t)["plain"]["tuple"]["localPort"]
             for t in ("in-b", "out-b", "out-e", "in-e")]
    source = rt.Vp8Source(("127.0.0.1", port), 0xEEEE0001, 96, rate=RATE).start(count=20)
    source.wait()
    transports = w.request("router.dump", "r2")["transportIds"]
    w.request("worker.closeRouter", body={"routerId": "r2"})
    for t in transports:
        expect_not_found(w, "transport.dump", t)
        expect_not_found(w, "transport.getStats", t)
    expect_not_found(w, "producer.dump", "p-e")
    expect_not_found(w, "consumer.dump", "c-e")
    expect_not_found(w, "router.dump", "r2")
    assert "r2" not in w.request("worker.dump")["routerIds"]
    for p in ports:  # The sockets are closed: the ports can be bound again.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.1", p))
    print(f"worker.closeRouter: {len(transports)} transports, their producers and consumers "
          f"answer NotFoundError; ports {ports} free again")


def main():
    t0 = time.monotonic()
    with Weirctl() as w:
        pause_resume(w)
        closing(w)
        assert w.close() == 0
    print(f"pause_close_test: ok ({time.monotonic() - t0:.1f} s)")


if __name__ == "__main__":
    main()
