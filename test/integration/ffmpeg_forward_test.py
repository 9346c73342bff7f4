"""ffmpeg -> Weir -> ffmpeg, with real encoders and real receivers.

1. VP8 + Opus: ffmpeg publishes a 320x240 test pattern (libvpx) and a 440 Hz sine (libopus) over
   RTP to two comedia PlainTransport producers; one SimpleConsumer per producer sends to its own
   PlainTransport; ffmpeg receivers record them from SDP files the test writes.
2. H264 (libx264 baseline, packetization-mode 1, profile-level-id 42e01f) the same way.

Asserts: each recording holds >= 95% of the video frames the sender encoded / of the Opus
packets it sent, ffprobe and a full decode report no error, the receivers logged no error, the
producer saw no loss and every packet it got went out of its consumer, the sender's RTCP reached
the producers' transports (comedia learns ffmpeg's separate RTCP port).
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                                "python"))
from ffmpeg_session import FPS, FfmpegSession  # noqa: E402
from weir_harness import Weirctl  # noqa: E402

SECONDS = 4
OPUS_FRAMES_PER_SECOND = 50  # libopus: 20 ms frames, one per RTP packet.


def run(video, audio, workdir):
    t0 = time.monotonic()
    with Weirctl() as w:
        s = FfmpegSession(w, workdir, video=video, audio=audio, router_id=f"r-{video}")
        try:
            s.setup()
            s.start_receivers()
            s.start_sender(SECONDS)
            assert s.wait_sender(timeout=SECONDS + 30) == 0, open(s.sender_log).read()
            time.sleep(1.0)  # The last packets in flight, a receiver report or two.
            producer = {st: w.request("producer.getStats", f"p-{st}")["stats"][0]
                        for st in s.streams}
            consumer = {st: w.request("consumer.getStats", f"c-{st}-0")["stats"][0]
                        for st in s.streams}
            in_transport = {st: w.request("transport.getStats", f"in-{st}") for st in s.streams}
            out_transport = {st: w.request("transport.getStats", f"out-{st}-0")
                             for st in s.streams}
            t1 = time.monotonic()
            codes = s.stop_receivers()
            t2 = time.monotonic()
        finally:
            s.kill()

    frames_sent = s.frames_sent()
    label = video + ("+Opus" if audio else "")
    print(f"[{label}] the sender encoded {frames_sent} video frames (session {t1 - t0:.1f} s, "
          f"receivers done {t2 - t1:.1f} s later)")
    assert frames_sent == SECONDS * FPS, f"the sender encoded {frames_sent} frames"
    for st in s.streams:
        p, c = producer[st], consumer[st]
        info, probe_err, decode_err = s.probe(st)
        print(f"  {st}: producer got {p['packetCount']} packets (lost {p['packetsLost']}, score "
              f"{p['score']}); consumer sent {c['packetCount']} (discarded "
              f"{c['packetsDiscarded']}, score {c['score']}); out transport got "
              f"{out_transport[st]['rtcpPacketsReceived']} RTCP from the receiver, in transport "
              f"{in_transport[st]['rtcpPacketsReceived']} from the sender "
              f"({in_transport[st]['foreignTuplePackets']} before its RTP); "
              f"recording: {info}")
        assert codes[st] == 0, f"{st} receiver exited {codes[st]}"
        assert s.receiver_complaints(st) == [], s.receiver_complaints(st)
        assert not probe_err, probe_err
        assert not decode_err, f"decoding the {st} recording reported errors:\n{decode_err}"
        assert len(info) == 1, info
        rec = info[0]
        if st == "opus":
            assert rec["type"] == "audio" and rec["codec"] == "opus", rec
            sent = p["packetCount"]
            # The worker got every Opus packet ffmpeg sent over loopback (a frame's slack for
            # ffmpeg's last partial frame)...
            assert abs(sent - SECONDS * OPUS_FRAMES_PER_SECOND) <= 2, sent
            # ...and the recording has >= 95% of them, each decoded.
            assert rec["packets"] >= 0.95 * sent, f"opus: {rec['packets']} of {sent} packets"
            assert rec["frames"] >= 0.95 * sent, f"opus: {rec['frames']} of {sent} decoded"
        else:
            assert rec["type"] == "video" and rec["codec"] == video.lower(), rec
            assert rec["size"] == "320x240", rec
            assert rec["frames"] >= 0.95 * frames_sent, \
                f"{st}: {rec['frames']} frames recorded of {frames_sent} sent"
        # ffmpeg's first RTCP SR precedes its first RTP packet, so it arrives before comedia has
        # learned the remote from RTP and is dropped; nothing else may be.
        assert in_transport[st]["foreignTuplePackets"] <= 1, in_transport[st]
        assert p["packetsLost"] == 0, p
        # The consumer exists before the sender starts and video's first packet is a keyframe:
        # everything the producer got went out.
        assert c["packetCount"] == p["packetCount"], (p, c)
        assert c["packetsDiscarded"] == 0, c
        assert out_transport[st]["badRtcpPackets"] == 0, out_transport[st]


def main():
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="weir-ffmpeg-") as workdir:
        run("VP8", True, workdir)
        run("H264", False, workdir)
    print(f"ffmpeg_forward_test: ok ({time.monotonic() - t0:.1f} s)")


if __name__ == "__main__":
    main()
