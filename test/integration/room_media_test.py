"""weir-room with real media and no browser: an aiortc peer publishes a loud tone through the
room's signals (createWebRtcTransport, produce, connectWebRtcTransport); a scripted peer in the
same room gets its consumer, activeSpeaker and audioLevels events naming the publisher, and
/stats counts the bitrate in. Run with Debian's /usr/bin/python3 (python3-aiortc,
python3-websockets)."""

import asyncio
import fractions
import math
import os
import sys

import av
import numpy
from aiortc import RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack
from aiortc.rtcrtpsender import RTCRtpSender

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                                "python"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aiortc_peer as ap  # noqa: E402
from room_server_test import Server, check  # noqa: E402
import room_server_test  # noqa: E402
from room_client import RoomClient  # noqa: E402


class ToneTrack(AudioStreamTrack):
    """A 440 Hz tone at about -12 dBov, 20 ms frames of 48 kHz mono s16."""

    RATE = 48000
    SAMPLES = 960

    def __init__(self):
        super().__init__()
        self.n = 0
        self.start = None

    async def recv(self):
        loop = asyncio.get_running_loop()
        if self.start is None:
            self.start = loop.time()
        wait = self.start + self.n * self.SAMPLES / self.RATE - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        t = (numpy.arange(self.SAMPLES) + self.n * self.SAMPLES) / self.RATE
        samples = (8000 * numpy.sin(2 * math.pi * 440 * t)).astype(numpy.int16)
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = self.RATE
        frame.pts = self.n * self.SAMPLES
        frame.time_base = fractions.Fraction(1, self.RATE)
        self.n += 1
        return frame


async def publish_audio(server, room, name):
    client = await RoomClient.connect(server.ws_url)
    joined = await client.request("join", {"roomId": room, "displayName": name})
    client.peer_id = joined["peerId"]
    send = await client.request("createWebRtcTransport", {"direction": "send"})
    pc = ap.new_peer_connection()
    transceiver = pc.addTransceiver(ToneTrack(), direction="sendonly")
    transceiver.setCodecPreferences([c for c in RTCRtpSender.getCapabilities("audio").codecs
                                     if c.mimeType.lower() == "audio/opus"])
    await pc.setLocalDescription(await pc.createOffer())
    rtp, fingerprint = ap.parse_offer(pc.localDescription.sdp)
    for codec in rtp["codecs"]:  # parse_offer reads video offers: opus/48000/2 is stereo
        codec["mimeType"] = "audio/" + codec["mimeType"].split("/")[1]
        codec["channels"] = 2
    uris = {e["uri"] for e in joined["routerRtpCapabilities"]["headerExtensions"]
            if e.get("kind", "audio") == "audio"}
    rtp["headerExtensions"] = [e for e in rtp["headerExtensions"] if e["uri"] in uris]
    check(any(e["uri"] == "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
              for e in rtp["headerExtensions"]), f"audio level negotiated: {rtp}")
    produced = await client.request("produce", {"transportId": send["transportId"],
                                                "kind": "audio", "rtpParameters": rtp,
                                                "appData": {"source": "microphone"}})
    # The server's transport is the DTLS client (a=setup:active in its answer).
    await client.request("connectWebRtcTransport", {
        "transportId": send["transportId"],
        "dtlsParameters": {"role": "server", "fingerprints": [fingerprint]}})
    answer = ap.answer_sdp(send, rtp, "active").replace("m=video", "m=audio")
    await pc.setRemoteDescription(RTCSessionDescription(answer, "answer"))
    return client, pc, produced["producerId"]


async def main():
    ap.use_loopback_only()
    server = Server("--workers", "1")
    pc = None
    try:
        listener = await RoomClient.connect(server.ws_url)
        joined = await listener.request("join", {"roomId": "media", "displayName": "Listener"})
        await listener.request("createWebRtcTransport", {"direction": "recv"})
        await listener.request("setRtpCapabilities",
                               {"rtpCapabilities": joined["routerRtpCapabilities"]})
        speaker, pc, producer_id = await publish_audio(server, "media", "Speaker")
        consumer = await listener.wait_event("newConsumer",
                                             lambda d: d["producerId"] == producer_id)
        check(consumer["peerId"] == speaker.peer_id and consumer["kind"] == "audio"
              and consumer["appData"] == {"source": "microphone"}, str(consumer))
        await listener.request("resumeConsumer", {"consumerId": consumer["consumerId"]})
        levels = await listener.wait_event(
            "audioLevels", lambda d: any(l["peerId"] == speaker.peer_id for l in d["levels"]),
            timeout=20)
        volume = [l for l in levels["levels"] if l["peerId"] == speaker.peer_id][0]["volume"]
        check(-40 <= volume <= 0, f"a loud tone's volume: {volume}")
        speaking = await listener.wait_event("activeSpeaker",
                                             lambda d: d["peerId"] == speaker.peer_id, timeout=20)
        check(speaking == {"peerId": speaker.peer_id}, str(speaking))
        # The speaker hears of itself too.
        await speaker.wait_event("activeSpeaker", lambda d: d["peerId"] == speaker.peer_id)
        room = [r for r in server.stats()["rooms"] if r["roomId"] == "media"][0]
        check(room["bitrateIn"] > 10000 and room["producers"] == 1 and room["consumers"] == 1,
              str(room))
        # The speaker leaves: the listener's consumer closes and nobody speaks.
        mark = len(listener.events)
        await speaker.close()
        await listener.wait_event("consumerClosed",
                                  lambda d: d["consumerId"] == consumer["consumerId"], start=mark)
        await listener.wait_event("activeSpeaker", lambda d: d["peerId"] is None, start=mark)
        await listener.close()
        print(f"ok   audio through weir-room: volume {volume} dBov, activeSpeaker, "
              f"bitrateIn {room['bitrateIn']}")
    except BaseException:
        print(server.text(), file=sys.stderr)
        raise
    finally:
        if pc is not None:
            await pc.close()
        code = server.stop()
    check(code == 0, f"weir-room exit code {code}")
    print(f"room_media_test: {room_server_test.checks} checks passed")


if __name__ == "__main__":
    asyncio.run(main())
