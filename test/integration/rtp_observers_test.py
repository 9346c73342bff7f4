"""RTP observers end to end: a real worker driven by weirctl, two plain RTP audio sources sent
from Python over comedia PlainTransports with the ssrc-audio-level header extension (RFC 6464,
one-byte form of RFC 8285; the Opus payload bytes are dummies), and the events an
AudioLevelObserver (interval 500 ms, threshold -70) and an ActiveSpeakerObserver (300 ms) send
for scripted level patterns:

  phase 1 (3 s)   alice talks at -20 dBov (a quiet packet every 200 ms), bob is silent
  phase 2 (3.5 s) alice is silent, bob talks at -30 dBov
  phase 3 (2 s)   bob's producer is paused (producer.pause) and bob keeps sending: ignored
  phase 4 (1.5 s) bob resumed; then rtpObserver.pause of the AudioLevelObserver (silence at
                  once) and 1 s more of bob while it is paused (nothing)

Expected: rtpObserver.dominantspeaker alice then bob, nothing else; rtpObserver.volumes with
alice at about -31 (phase 1) then bob at about -40 (phase 2), one rtpObserver.silence in phase
3, volumes of bob again, a silence as the observer pauses, then nothing. Then the lifecycle:
a video producer is refused, a closed producer leaves the observers (router.dump), and closing
the router closes its observers.
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


def expect_error(what, kind, fn):
    try:
        fn()
        check(what, False, "accepted")
    except WeirError as e:
        check(what, e.kind == kind, f"{e.kind}: {e.reason}")
        return e.reason
    return ""


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


def level_events(w):
    return [e for e in w.events if e["handlerId"] == "alo"]


def tops(events):
    return [(e["body"]["volumes"][0]["producerId"], e["body"]["volumes"][0]["volume"])
            for e in events if e["event"] == "rtpObserver.volumes"]


def near(entries, name, expected, tolerance=3):
    """How many (name, volume) entries are within `tolerance` dB of `expected`. An interval
    holds 24 to 26 packets, so its mean is the talker's mean +- 2.5 dB."""
    return sum(1 for n, v in entries if n == name and abs(v - expected) <= tolerance)


def setup(w):
    w.request("worker.createRouter", body={
        "routerId": "r1",
        "mediaCodecs": [{"kind": "audio", "mimeType": "audio/opus", "clockRate": 48000,
                         "channels": 2},
                        {"kind": "video", "mimeType": "video/VP8", "clockRate": 90000}]})
    sources = []
    for name, ssrc in (("alice", 1111), ("bob", 2222)):
        t = w.plain_transport("r1", "t-" + name, rtcpMux=True, comedia=True)
        port = t["plain"]["tuple"]["localPort"]
        produce(w, "t-" + name, name, ssrc)
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        sources.append({"name": name, "ssrc": ssrc, "seq": 1, "sock": sock,
                        "to": ("127.0.0.1", port), "pattern": silent})
    w.request("transport.produce", "t-bob", {
        "producerId": "cam", "kind": "video",
        "rtpParameters": {"codecs": [{"mimeType": "video/VP8", "payloadType": 96,
                                      "clockRate": 90000}],
                          "encodings": [{"ssrc": 3333}], "rtcp": {"cname": "cam"}}})

    w.request("router.createAudioLevelObserver", "r1", {
        "rtpObserverId": "alo", "maxEntries": 2, "threshold": -70, "interval": 500})
    w.request("router.createActiveSpeakerObserver", "r1", {"rtpObserverId": "aso"})
    for observer in ("alo", "aso"):
        for name in ("alice", "bob"):
            w.request("rtpObserver.addProducer", observer, {"producerId": name})
    return sources


def errors(w):
    expect_error("adding a producer twice is InvalidStateError", "InvalidStateError",
                 lambda: w.request("rtpObserver.addProducer", "alo", {"producerId": "alice"}))
    reason = expect_error("a video producer is a TypeError", "TypeError",
                          lambda: w.request("rtpObserver.addProducer", "aso",
                                            {"producerId": "cam"}))
    check("... saying why", "not an audio producer" in reason, reason)
    expect_error("an unknown producer is NotFoundError", "NotFoundError",
                 lambda: w.request("rtpObserver.addProducer", "aso", {"producerId": "nope"}))
    expect_error("threshold 3 is a TypeError", "TypeError",
                 lambda: w.request("router.createAudioLevelObserver", "r1",
                                   {"rtpObserverId": "bad", "threshold": 3}))
    expect_error("a duplicate observer id is InvalidStateError", "InvalidStateError",
                 lambda: w.request("router.createActiveSpeakerObserver", "r1",
                                   {"rtpObserverId": "alo"}))
    dump = w.request("router.dump", "r1")
    check("router.dump lists the observers",
          sorted(dump.get("rtpObserverIds", [])) == ["alo", "aso"], dump)
    observed = {e["key"]: sorted(e.get("values", []))
                for e in dump.get("mapProducerIdObserverIds", [])}
    check("router.dump maps producers to observers",
          observed == {"alice": ["alo", "aso"], "bob": ["alo", "aso"]}, observed)


def talk(w, sources):
    alice, bob = sources
    alice["pattern"], bob["pattern"] = speech(20), silent
    play(sources, 3.0)
    alice["pattern"], bob["pattern"] = silent, speech(30)
    play(sources, 3.5)
    dominant = [e["body"]["producerId"] for e in w.events_of("rtpObserver.dominantspeaker",
                                                              "aso")]
    check("dominantspeaker: alice, then bob", dominant == ["alice", "bob"], dominant)

    # Phase 3: bob paused: the router gets none of his packets, the observer hears silence.
    w.request("producer.pause", "bob")
    play(sources, 2.0)
    events = level_events(w)
    kinds = [e["event"] for e in events]
    check("volumes, then one silence once bob is paused",
          kinds.count("rtpObserver.silence") == 1 and kinds[-1] == "rtpObserver.silence"
          and all(k == "rtpObserver.volumes" for k in kinds[:-1]), kinds)
    entries = tops(events)
    # Means of -dBov levels: 9 packets at 20 and 1 at 127 per 200 ms -> -31 for alice; at 30
    # -> -40 for bob. Each phase holds at least 4 whole 500 ms intervals.
    check("alice is reported at about -31 dBov in phase 1", near(entries, "alice", -31) >= 4,
          entries)
    check("bob is reported at about -40 dBov in phase 2", near(entries, "bob", -40) >= 4, entries)
    order = [name for name, _ in entries]
    check("alice's volumes before bob's",
          order and order[0] == "alice" and order[-1] == "bob"
          and order == sorted(order), order)
    check("no entry below the threshold",
          all(x["volume"] >= -70 for e in events if e["event"] == "rtpObserver.volumes"
              for x in e["body"]["volumes"]), entries)
    check("volumes entries carry producerId and volume only",
          all(set(x) == {"producerId", "volume"} for e in events
              if e["event"] == "rtpObserver.volumes" for x in e["body"]["volumes"]), events[:1])

    # Phase 4: bob resumed, then the observer paused while he talks.
    w.request("producer.resume", "bob")
    play(sources, 1.5)
    after = level_events(w)[len(events):]
    check("volumes of bob again after producer.resume",
          near(tops(after), "bob", -40) >= 1, tops(after))
    mark = len(w.events)
    w.request("rtpObserver.pause", "alo")
    w.wait_event("rtpObserver.silence", "alo", timeout=2, start=mark)
    check("rtpObserver.pause sends silence at once", True)
    paused_at = len(level_events(w))
    play(sources, 1.0)
    check("a paused observer reports nothing", len(level_events(w)) == paused_at,
          level_events(w)[paused_at:])
    dominant = [e["body"]["producerId"] for e in w.events_of("rtpObserver.dominantspeaker")]
    check("no other dominantspeaker", dominant == ["alice", "bob"], dominant)
    w.request("rtpObserver.resume", "alo")


def lifecycle(w):
    w.request("transport.closeProducer", "t-alice", {"producerId": "alice"})
    dump = w.request("router.dump", "r1")
    observed = {e["key"]: sorted(e.get("values", []))
                for e in dump.get("mapProducerIdObserverIds", [])}
    check("a closed producer leaves its observers", observed == {"bob": ["alo", "aso"]}, observed)
    expect_error("removeProducer of a closed producer is NotFoundError", "NotFoundError",
                 lambda: w.request("rtpObserver.removeProducer", "aso", {"producerId": "alice"}))
    w.request("rtpObserver.removeProducer", "aso", {"producerId": "bob"})
    w.request("router.closeRtpObserver", "r1", {"rtpObserverId": "alo"})
    dump = w.request("router.dump", "r1")
    check("router.closeRtpObserver removes it", dump.get("rtpObserverIds") == ["aso"], dump)
    expect_error("a closed observer is NotFoundError", "NotFoundError",
                 lambda: w.request("rtpObserver.pause", "alo"))
    w.request("worker.closeRouter", body={"routerId": "r1"})
    expect_error("closing the router closes its observers", "NotFoundError",
                 lambda: w.request("rtpObserver.resume", "aso"))


def main():
    with Weirctl() as w:
        sources = setup(w)
        errors(w)
        talk(w, sources)
        lifecycle(w)
        for s in sources:
            s["sock"].close()
        code = w.close()
        check("weirctl exits 0", code == 0, code)

    print(f"rtp_observers_test: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
