#!/usr/bin/env python3
"""A real media session through Weir, headless: ffmpeg publishes a test pattern (VP8) and a sine
(Opus) over RTP to a worker driven through weirctl; the worker forwards each stream to N
consumers on their own PlainTransports; consumer 0 is recorded to a file by ffmpeg receivers,
the others go to UDP receivers in this process that answer with RTCP receiver reports. Every 2 s
it prints per-consumer stats (bitrate, packets, loss, RTT, score, NACKs); at the end a summary
(frames encoded and recorded, ffprobe's check of the recording). Ctrl-C stops it early, cleanly.

    scripts/demo --plain [--seconds N] [--consumers N] [--out DIR]

Run by scripts/demo after setup and build; WEIR_BIN names the directory of weirctl.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "support", "python"))
from ffmpeg_session import FfmpegSession, probe_file  # noqa: E402
from weir_harness import Weirctl  # noqa: E402


class Stop(Exception):
    """Ctrl-C or SIGTERM: end the session early, still cleanly."""


def on_signal(signum, frame):
    raise Stop()


def kbps(bps):
    return f"{bps / 1000:7.1f}"


def print_stats(w, s, t):
    print(f"\n--- {t:5.1f} s " + "-" * 86)
    for stream in s.streams:
        p = w.stats("producer.getStats", f"p-{stream}")
        print(f"producer {stream:4}  in {kbps(p['bitrate'])} kbps  {p['packetCount']:6} packets  "
              f"lost {p['packetsLost']:3}  jitter {p['jitter']:5}  score {p['score']:2}")
    print(f"{'consumer':12} {'to':9} {'kbps':>7} {'packets':>8} {'lost':>5} {'loss%':>6} "
          f"{'rtt ms':>7} {'score':>5} {'nacks':>5} {'rtx':>4}")
    for stream in s.streams:
        for i, cid in enumerate(s.consumer_ids[stream]):
            try:
                c = w.stats("consumer.getStats", cid)
            except Exception:  # Closed at the end of the session.
                continue
            to = "ffmpeg" if i == s.recorded else "udp+RR"
            print(f"{cid:12} {to:9} {kbps(c['bitrate'])} {c['packetCount']:8} "
                  f"{c['packetsLost']:5} {100 * c['fractionLost'] / 256:6.1f} "
                  f"{c['roundTripTime']:7.2f} {c['score']:5} {c['nackCount']:5} "
                  f"{c['packetsRetransmitted']:4}")


def merge(outputs, path):
    """The recorded streams in one file (each was recorded on its own: see FfmpegSession)."""
    cmd = ["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y"]
    present = [o for o in outputs if os.path.exists(o) and os.path.getsize(o) > 0]
    for o in present:
        cmd += ["-i", o]
    for i in range(len(present)):
        cmd += ["-map", str(i)]
    cmd += ["-c", "copy", path]
    return bool(present) and subprocess.run(cmd, capture_output=True).returncode == 0


def main():
    parser = argparse.ArgumentParser(description="A headless media session through Weir.")
    parser.add_argument("--seconds", type=int, default=20, help="session length (default 20)")
    parser.add_argument("--consumers", type=int, default=3,
                        help="consumers per stream (default 3); the first is recorded")
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "demo"),
                        help="where the recording goes (default build/demo)")
    args = parser.parse_args()
    if args.seconds < 1 or args.consumers < 1:
        parser.error("--seconds and --consumers must be at least 1")
    for tool in ("ffmpeg", "ffprobe"):
        if shutil.which(tool) is None:
            sys.exit(f"demo: {tool} not found (scripts/setup installs it)")
    os.makedirs(args.out, exist_ok=True)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    interrupted = False
    w = s = None
    stats_at_end = {}
    started = time.monotonic()
    try:
        # Children run in their own sessions: Ctrl-C reaches only this program, which stops
        # them in order (sender first, then the receivers finish their files, then the worker).
        w = Weirctl(new_session=True)
        running = w.events_of("worker.running")[0]["body"]
        print(f"weir-worker {running['version']} running, pid {running['pid']}")
        s = FfmpegSession(w, args.out, video="VP8", audio=True, consumers=args.consumers,
                          router_id="demo")
        s.setup()
        print(f"router 'demo': producers p-VP8 and p-opus on comedia PlainTransports (ports "
              f"{s.in_ports['VP8']}, {s.in_ports['opus']}); {args.consumers} consumers each; "
              f"recording consumer 0 to {args.out}")
        s.start_receivers()
        s.start_sender(args.seconds)
        print(f"ffmpeg publishing 320x240 VP8 + Opus for {args.seconds} s (Ctrl-C stops early)")
        t0 = time.monotonic()
        next_print = t0 + 2
        while s.sender.poll() is None:
            time.sleep(max(0.0, min(0.2, next_print - time.monotonic())))
            if time.monotonic() >= next_print:
                print_stats(w, s, time.monotonic() - t0)
                next_print += 2
        s.wait_sender()
        time.sleep(0.5)
        print_stats(w, s, time.monotonic() - t0)
    except Stop:
        interrupted = True
        print("\ninterrupted: stopping the sender, finishing the recording")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # The cleanup is short and must finish.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        if s is not None and s.sender is not None:
            if s.sender.poll() is None:
                s.sender.terminate()
            s.wait_sender(timeout=10)
        if s is not None and s.receivers:
            for stream in s.streams:
                stats_at_end[stream] = w.stats("producer.getStats", f"p-{stream}")
            s.stop_receivers()
    finally:
        if s is not None:
            s.kill()
        if w is not None:
            w.close()
    if s is None or not s.receivers:
        print("demo: the session did not start")
        return 0 if interrupted else 1

    print("\n=== summary " + "=" * 88)
    print(f"session {time.monotonic() - started:.1f} s"
          f"{' (interrupted)' if interrupted else ''}; the sender encoded "
          f"{s.frames_sent() or '?'} video frames")
    ok = True
    for stream in s.streams:
        info, probe_err, decode_err = s.probe(stream)
        sent = stats_at_end.get(stream, {}).get("packetCount", 0)
        rec = info[0] if info else {}
        unit = "frames" if stream == "VP8" else "packets"
        what = (f"{rec.get('frames', 0)} frames decoded" + (f", {rec['size']}" if
                                                             rec.get("size") else "")
                if rec else "nothing recorded")
        check = "decodes cleanly" if rec and not probe_err and not decode_err else \
            f"PROBLEM: {(probe_err or decode_err or 'no stream')[:200]}"
        ok = ok and rec and not probe_err and not decode_err
        print(f"{stream:5} the producer received {sent} RTP packets; recording "
              f"{os.path.basename(s.outputs[stream])}: {rec.get('packets', 0)} {unit}, {what}; "
              f"ffprobe: {check}")
    session = os.path.join(args.out, "session.mkv")
    if merge([s.outputs[st] for st in s.streams], session):
        info, _, _ = probe_file(session)
        print(f"both streams in {session}: " + ", ".join(
            f"{i['codec']} {i['frames']} frames" for i in info))
    print("demo: " + ("ok" if ok else "finished with problems"))
    return 0 if ok or interrupted else 1


if __name__ == "__main__":
    sys.exit(main())
