"""RTP observers end to end: a real worker driven by weirctl, two plain RTP audio sources sent
from Python with the ssrc-audio-level header extension (RFC 6464, one-byte form of RFC 8285;
the Opus payload bytes are dummies), and the events an AudioLevelObserver and an
ActiveSpeakerObserver send for scripted level patterns:

  phase 1 (3 s)   alice talks at -20 dBov (with short dips, as speech has), bob is silent
  phase 2 (3.5 s) alice is silent, bob talks at -30 dBov
  phase 3 (2.5 s) both silent

Expected: rtpObserver.dominantspeaker alice then bob, nothing else; rtpObserver.volumes with
alice at -20 (phase 1) and bob at -30 (phase 2) first; one rtpObserver.silence, last.
"""

import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                                "python"))
from weir_harness import Weirctl, WeirError  # noqa: E402

AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
OPUS_PT = 111
EXT_ID = 1  # The senders' id; the router's differs (10), so the producer maps it.
failures = []


def check(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else f"  ({detail})"))
    if not ok:
        failures.append(what)


def rtp_packet(ssrc, seq, level):
    """RTP (RFC 3550 5.1) with one RFC 8285 one-byte extension element: the audio level."""
    header = struct.pack("!BBHII", 0x90, OPUS_PT, seq & 0xFFFF, (seq * 960) & 0xFFFFFFFF, ssrc)
    # 0xBEDE, length 1 word: ID (4 bits) | L=0 (one byte), V bit + level, two padding bytes.
    element = bytes([(EXT_ID << 4) | 0, 0x80 | level, 0, 0])
    extension = struct.pack("!HH", 0xBEDE, 1) + element
    return header + extension + bytes(40)


def produce(w, transport_id, producer_id, ssrc):
    return w.request("transport.produce", transport_id, {
        "producerId": producer_id,
        "kind": "audio",
        "rtpParameters": {
            "codecs": [{"mimeType": "audio/opus", "payloadType": OPUS_PT, "clockRate": 48000,
                        "channels": 2}],
            "headerExtensions": [{"uri": AUDIO_LEVEL_URI, "id": EXT_ID}],
            "encodings": [{"ssrc": ssrc}],
            "rtcp": {"cname": producer_id},
        },
    })


def speech(level):
    # A talker: `level` most of the time, a quiet packet every 200 ms (breaths, stops).
    return lambda i: 127 if i % 10 == 0 else level


def silent(i):
    return 127


def play(sources, seconds):
    """Sends a 20 ms packet per source per tick, paced on the wall clock."""
    start = time.monotonic()
    ticks = int(seconds / 0.02)
    for i in range(ticks):
        for s in sources:
            s["sock"].sendto(rtp_packet(s["ssrc"], s["seq"], s["pattern"](i)), s["to"])
            s["seq"] += 1
        delay = start + (i + 1) * 0.02 - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def main():
    with Weirctl() as w:
        w.request("worker.createRouter", body={
            "routerId": "r1",
            "mediaCodecs": [{"kind": "audio", "mimeType": "audio/opus", "clockRate": 48000,
                             "channels": 2}]})
        sources = []
        for name, ssrc in (("alice", 1111), ("bob", 2222)):
            t = w.request("router.createPlainTransport", "r1", {
                "transportId": "t-" + name, "listenInfo": {"ip": "127.0.0.1"},
                "rtcpMux": True, "comedia": True})
            port = t["plain"]["tuple"]["localPort"]
            produce(w, "t-" + name, name, ssrc)
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.bind(("127.0.0.1", 0))
            sources.append({"name": name, "ssrc": ssrc, "seq": 1, "sock": sock,
                            "to": ("127.0.0.1", port), "pattern": silent})

        w.request("router.createAudioLevelObserver", "r1", {
            "rtpObserverId": "alo", "maxEntries": 2, "threshold": -70, "interval": 500})
        w.request("router.createActiveSpeakerObserver", "r1", {"rtpObserverId": "aso"})
        for observer in ("alo", "aso"):
            for name in ("alice", "bob"):
                w.request("rtpObserver.addProducer", observer, {"producerId": name})

        # Errors through the JSON view.
        try:
            w.request("rtpObserver.addProducer", "alo", {"producerId": "alice"})
            check("adding a producer twice is refused", False, "accepted")
        except WeirError as e:
            check("adding a producer twice is InvalidStateError", e.kind == "InvalidStateError",
                  e.kind)
        try:
            w.request("router.createAudioLevelObserver", "r1",
                      {"rtpObserverId": "bad", "threshold": 3})
            check("threshold 3 is refused", False, "accepted")
        except WeirError as e:
            check("threshold 3 is a TypeError", e.kind == "TypeError", e.kind)

        dump = w.request("router.dump", "r1")
        check("router.dump lists the observers",
              sorted(dump.get("rtpObserverIds", [])) == ["alo", "aso"], dump)
        observed = {e["key"]: sorted(e.get("values", []))
                    for e in dump.get("mapProducerIdObserverIds", [])}
        check("router.dump maps producers to observers",
              observed == {"alice": ["alo", "aso"], "bob": ["alo", "aso"]}, observed)

        alice, bob = sources
        alice["pattern"], bob["pattern"] = speech(20), silent
        play(sources, 3.0)
        alice["pattern"], bob["pattern"] = silent, speech(30)
        play(sources, 3.5)
        alice["pattern"], bob["pattern"] = silent, silent
        play(sources, 2.5)
        time.sleep(0.6)  # One more interval of the AudioLevelObserver.

        dominant = [e["body"]["producerId"] for e in w.events_of("rtpObserver.dominantspeaker",
                                                                  "aso")]
        check("dominantspeaker: alice, then bob", dominant == ["alice", "bob"], dominant)

        level_events = [e for e in w.events if e["handlerId"] == "alo"]
        kinds = [e["event"] for e in level_events]
        check("volumes come first, then one silence, last",
              kinds.count("rtpObserver.silence") == 1 and kinds[-1] == "rtpObserver.silence"
              and all(k == "rtpObserver.volumes" for k in kinds[:-1]), kinds)
        tops = [(e["body"]["volumes"][0]["producerId"], e["body"]["volumes"][0]["volume"])
                for e in level_events if e["event"] == "rtpObserver.volumes"]
        # Each phase holds several 500 ms intervals; the ones wholly inside it are exact
        # (mean of -dBov levels: 9 packets at 20 and 1 at 127 per 200 ms -> -31 for alice).
        check("alice is the loudest in phase 1", ("alice", -31) in tops, tops)
        check("bob is the loudest in phase 2", ("bob", -40) in tops, tops)
        order = [name for name, _ in tops]
        check("alice before bob", order and order[0] == "alice" and order[-1] == "bob", order)
        check("no entry below the threshold",
              all(v >= -70 for e in level_events if e["event"] == "rtpObserver.volumes"
                  for v in [x["volume"] for x in e["body"]["volumes"]]), tops)

        w.request("router.closeRtpObserver", "r1", {"rtpObserverId": "alo"})
        w.request("rtpObserver.pause", "aso")
        w.request("rtpObserver.resume", "aso")
        dump = w.request("router.dump", "r1")
        check("closeRtpObserver removes it", dump.get("rtpObserverIds") == ["aso"], dump)
        for s in sources:
            s["sock"].close()
        code = w.close()
        check("weirctl exits 0", code == 0, code)

    print(f"rtp_observers_test: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
