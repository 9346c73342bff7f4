"""aiortc against Weir: one aiortc peer publishes a synthetic VP8 video track to a WebRtcTransport,
another receives it from a consumer on a second WebRtcTransport and decodes it. Every SDP is built
by the test from Weir's parameters (test/support/python/aiortc_peer.py); on the publishing side
Weir is the DTLS client, on the receiving side the DTLS server.

Asserts: >= 50 frames decoded at the sent size within 30 s, and a decoded picture matches one the
publisher made (mean luma difference < 8 of 255); both transports report ICE
connected/completed, DTLS connected, a selected UDP tuple and the events that say so; the send
transport received RTP and the receive transport sent it; no SRTP failures, no foreign-tuple or
unknown packets; the worker exits 0.
"""

import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                                "python"))

from aiortc_peer import (LOOPBACK_UDP, VP8_ROUTER_CODECS, Call,  # noqa: E402
                         SyntheticVideoTrack, use_loopback_only)
from weir_harness import Weirctl  # noqa: E402

FRAMES = 50


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print(f"  ok  {what}")


async def run(weir):
    weir.request("worker.createRouter", "", {"routerId": "r1", "mediaCodecs": VP8_ROUTER_CODECS})
    call = Call(weir, "r1", LOOPBACK_UDP)
    track = SyntheticVideoTrack(320, 240)
    started = time.monotonic()
    try:
        await call.publish(track)
        await call.subscribe()
        frames = await call.wait_frames(FRAMES, timeout=30)
        elapsed = time.monotonic() - started
        first = (call.first_frame_at - started) if call.first_frame_at else None
        print(f"decoded {frames} frames ({call.frame_size}) in {elapsed:.1f} s, first after "
              f"{first if first is None else round(first, 2)} s; publisher sent {track.sent}")
        check(frames >= FRAMES, f"{frames} frames decoded >= {FRAMES}")
        check(call.frame_size == (320, 240), f"decoded frame size {call.frame_size}")
        # The picture itself came through: a decoded frame matches one the publisher made.
        n, diff = track.closest(call.last_frame)
        print(f"a decoded frame matches sent frame {n} with mean luma difference {diff:.2f}")
        check(diff < 8, f"decoded picture matches a sent frame (mean |diff| {diff:.2f} < 8)")
        sender_stats = await call.publisher.getSenders()[0].getStats()
        sent_packets = sum(s.packetsSent for s in sender_stats.values()
                           if s.type == "outbound-rtp")

        for transport_id in (call.send_id, call.recv_id):
            stats = weir.request("transport.getStats", transport_id)
            w = stats["webRtc"]
            print(f"{transport_id}: ice {w['iceState']} dtls {w['dtlsState']} "
                  f"tuple {w.get('iceSelectedTuple')} validChecks {w.get('iceValidChecks')} "
                  f"rtp in/out {stats.get('rtpPacketsReceived', 0)}/{stats.get('rtpPacketsSent', 0)}"
                  f" srtpAuthFailures {stats.get('srtpAuthFailures', 0)}")
            check(w["iceState"] in ("connected", "completed"), f"{transport_id} ICE {w['iceState']}")
            check(w["dtlsState"] == "connected", f"{transport_id} DTLS {w['dtlsState']}")
            check(w["iceSelectedTuple"]["protocol"] == "udp"
                  and w["iceSelectedTuple"]["remoteIp"] == "127.0.0.1",
                  f"{transport_id} selected tuple udp from 127.0.0.1")
            check(w.get("iceValidChecks", 0) >= 1, f"{transport_id} answered valid ICE checks")
            for counter in ("srtpAuthFailures", "foreignTuplePackets", "unknownPackets"):
                check(stats.get(counter, 0) == 0, f"{transport_id} {counter} == 0")
            check(weir.events_of("transport.dtlsstatechange", transport_id)[-1]["body"]
                  ["dtlsState"] == "connected", f"{transport_id} dtlsstatechange connected")
            check(len(weir.events_of("transport.iceselectedtuplechange", transport_id)) >= 1,
                  f"{transport_id} iceselectedtuplechange emitted")
        send = weir.request("transport.getStats", call.send_id)
        recv = weir.request("transport.getStats", call.recv_id)
        print(f"aiortc sent {sent_packets} RTP packets by then")
        check(send.get("rtpPacketsReceived", 0) >= FRAMES,
              f"send transport received {send.get('rtpPacketsReceived', 0)} RTP packets")
        check(recv.get("rtpPacketsSent", 0) >= FRAMES,
              f"receive transport sent {recv.get('rtpPacketsSent', 0)} RTP packets")
        connect_role = weir.request("transport.dump", call.send_id)["webRtc"]["dtlsParameters"]
        check(connect_role["role"] == "client", "Weir is DTLS client on the send transport")
        connect_role = weir.request("transport.dump", call.recv_id)["webRtc"]["dtlsParameters"]
        check(connect_role["role"] == "server", "Weir is DTLS server on the receive transport")
    finally:
        await call.close()


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
    print(f"aiortc_webrtc_test: ok ({time.monotonic() - started:.1f} s)")


if __name__ == "__main__":
    main()
