"""aiortc peers against Weir's WebRtcTransports, with every SDP built from Weir's parameters.

Weir speaks ORTC-style parameters (iceParameters, iceCandidates, dtlsParameters, rtpParameters),
aiortc speaks SDP offer/answer; this module translates both ways, so a test needs no SDP library:

  Publisher:  aiortc makes the offer; parse_offer() turns it into the producer's rtpParameters and
              the peer's DTLS fingerprint; answer_sdp() builds Weir's answer (a=ice-lite).
  Subscriber: offer_sdp() builds Weir's offer from a consumer's rtpParameters; aiortc answers and
              parse_answer() gives its fingerprint and DTLS role for transport.connect.

aioice leaves 127.0.0.1 out of its host candidates; use_loopback_only() makes it gather exactly
127.0.0.1, so calls run on loopback (also inside a network namespace with only `lo`). Run with
Debian's /usr/bin/python3 (python3-aiortc 1.4.0).
"""

import asyncio
import time

import aioice.ice
import av
import numpy

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription, VideoStreamTrack
from aiortc.rtcrtpsender import RTCRtpSender

# The header extensions aiortc 1.4 implements for video.
AIORTC_VIDEO_EXTENSIONS = {
    "urn:ietf:params:rtp-hdrext:sdes:mid",
    "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
}
AIORTC_RTCP_FEEDBACK = {("nack", ""), ("nack", "pli"), ("goog-remb", "")}


def use_loopback_only():
    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []


def new_peer_connection():
    # No STUN server: host candidates only (the default would query stun.l.google.com).
    return RTCPeerConnection(RTCConfiguration(iceServers=[]))


class SyntheticVideoTrack(VideoStreamTrack):
    """A moving gradient at 30 fps, so every frame differs and VP8 has something to code."""

    def __init__(self, width=320, height=240):
        super().__init__()
        self.width = width
        self.height = height
        self.sent = 0
        rows = numpy.arange(height * 3 // 2, dtype=numpy.uint16).reshape(-1, 1)
        cols = numpy.arange(width, dtype=numpy.uint16).reshape(1, -1)
        self.base = rows + cols

    def planes(self, n):
        """Frame n as the yuv420p array av.VideoFrame.to_ndarray() gives back."""
        return ((self.base + 4 * n) % 256).astype(numpy.uint8)

    def closest(self, decoded):
        """(n, mean absolute difference) of the sent frame closest to a decoded luma plane."""
        luma = decoded[:self.height].astype(numpy.int16)
        best = None
        for n in range(self.sent):
            diff = float(numpy.abs(luma - self.planes(n)[:self.height]).mean())
            if best is None or diff < best[1]:
                best = (n, diff)
        return best

    async def recv(self):
        pts, time_base = await self.next_timestamp()
        frame = av.VideoFrame.from_ndarray(self.planes(self.sent), format="yuv420p")
        frame.pts = pts
        frame.time_base = time_base
        self.sent += 1
        return frame


# --- SDP from aiortc -> Weir parameters ---

def _attributes(sdp):
    return [line[2:] for line in sdp.splitlines() if line.startswith("a=")]


def parse_offer(sdp):
    """aiortc's offer for one sendonly video m-line -> (rtpParameters, dtls fingerprint)."""
    mid = None
    codecs = {}  # payload type -> codec
    order = []
    extensions = []
    ssrcs = []
    fid = None
    cname = None
    fingerprint = None
    for attr in _attributes(sdp):
        name, _, value = attr.partition(":")
        if name == "mid":
            mid = value
        elif name == "extmap":
            ext_id, uri = value.split()[:2]
            extensions.append({"uri": uri, "id": int(ext_id.split("/")[0])})
        elif name == "rtpmap":
            pt, encoding = value.split(" ", 1)
            codec_name, clock = encoding.split("/")[:2]
            codecs[int(pt)] = {"mimeType": "video/" + codec_name, "payloadType": int(pt),
                               "clockRate": int(clock), "parameters": {}, "rtcpFeedback": []}
            order.append(int(pt))
        elif name == "fmtp":
            pt, params = value.split(" ", 1)
            for pair in params.split(";"):
                key, _, val = pair.strip().partition("=")
                codecs[int(pt)]["parameters"][key] = int(val) if val.isdigit() else val
        elif name == "rtcp-fb":
            pt, fb = value.split(" ", 1)
            kind, _, param = fb.partition(" ")
            codecs[int(pt)]["rtcpFeedback"].append({"type": kind, "parameter": param})
        elif name == "ssrc-group" and value.startswith("FID "):
            fid = [int(s) for s in value.split()[1:3]]
        elif name == "ssrc":
            ssrc, _, rest = value.partition(" ")
            if int(ssrc) not in ssrcs:
                ssrcs.append(int(ssrc))
            if rest.startswith("cname:"):
                cname = rest[len("cname:"):]
        elif name == "fingerprint":
            algorithm, fp = value.split(" ", 1)
            fingerprint = {"algorithm": algorithm, "value": fp}
    encoding = {"ssrc": fid[0] if fid else ssrcs[0]}
    if fid:
        encoding["rtx"] = {"ssrc": fid[1]}
    rtp_parameters = {
        "mid": mid,
        "codecs": [codecs[pt] for pt in order],
        "headerExtensions": extensions,
        "encodings": [encoding],
        "rtcp": {"cname": cname, "reducedSize": True},
    }
    return rtp_parameters, fingerprint


def parse_answer(sdp):
    """aiortc's answer -> Weir's transport.connect dtlsParameters."""
    role = "auto"
    fingerprints = []
    for attr in _attributes(sdp):
        name, _, value = attr.partition(":")
        if name == "fingerprint":
            algorithm, fp = value.split(" ", 1)
            fingerprints.append({"algorithm": algorithm, "value": fp})
        elif name == "setup":
            role = {"active": "client", "passive": "server"}.get(value, "auto")
    return {"role": role, "fingerprints": fingerprints}


# --- Weir parameters -> SDP for aiortc ---

def _transport_lines(webrtc, setup):
    ice = webrtc["iceParameters"]
    sha256 = next(f for f in webrtc["dtlsParameters"]["fingerprints"]
                  if f["algorithm"] == "sha-256")
    lines = [
        f"a=ice-ufrag:{ice['usernameFragment']}",
        f"a=ice-pwd:{ice['password']}",
        f"a=fingerprint:sha-256 {sha256['value']}",
        f"a=setup:{setup}",
        "a=rtcp-mux",
    ]
    for i, c in enumerate(webrtc["iceCandidates"]):
        protocol = c["protocol"]
        line = (f"a=candidate:{c['foundation']} 1 {protocol} {c['priority']} {c['address']} "
                f"{c['port']} typ host")
        if protocol == "tcp":
            line += " tcptype passive"
        lines.append(line)
    lines.append("a=end-of-candidates")
    return lines


def _codec_lines(codecs):
    lines = []
    for c in codecs:
        name = c["mimeType"].split("/")[1]
        lines.append(f"a=rtpmap:{c['payloadType']} {name}/{c['clockRate']}")
        params = c.get("parameters") or {}
        if params:
            fmtp = ";".join(f"{k}={v}" for k, v in params.items())
            lines.append(f"a=fmtp:{c['payloadType']} {fmtp}")
        for fb in c.get("rtcpFeedback") or []:
            param = f" {fb['parameter']}" if fb.get("parameter") else ""
            lines.append(f"a=rtcp-fb:{c['payloadType']} {fb['type']}{param}")
    return lines


def _session(mid, media_lines):
    return "\r\n".join([
        "v=0",
        f"o=- {int(time.time())} 1 IN IP4 127.0.0.1",
        "s=weir",
        "t=0 0",
        "a=ice-lite",
        f"a=group:BUNDLE {mid}",
        "a=msid-semantic: WMS *",
        *media_lines,
    ]) + "\r\n"


def _media_header(webrtc, payload_types):
    udp = next((c for c in webrtc["iceCandidates"] if c["protocol"] == "udp"),
               webrtc["iceCandidates"][0])
    family = "IP6" if ":" in udp["address"] else "IP4"
    return [
        f"m=video {udp['port']} UDP/TLS/RTP/SAVPF {' '.join(str(pt) for pt in payload_types)}",
        f"c=IN {family} {udp['address']}",
    ]


def answer_sdp(webrtc, offered, setup="active"):
    """Weir's answer to aiortc's offer: recvonly, the offered codecs and header extensions the
    producer kept (`offered` is the rtpParameters given to transport.produce)."""
    codecs = offered["codecs"]
    lines = _media_header(webrtc, [c["payloadType"] for c in codecs])
    lines += [f"a=mid:{offered['mid']}", "a=recvonly"]
    lines += [f"a=extmap:{e['id']} {e['uri']}" for e in offered["headerExtensions"]]
    lines += _codec_lines(codecs)
    lines += _transport_lines(webrtc, setup)
    return _session(offered["mid"], lines)


def offer_sdp(webrtc, consumer_rtp, mid="0"):
    """Weir's offer for one consumer: sendonly, its codecs, SSRCs and cname."""
    codecs = consumer_rtp["codecs"]
    encoding = consumer_rtp["encodings"][0]
    cname = consumer_rtp["rtcp"]["cname"]
    lines = _media_header(webrtc, [c["payloadType"] for c in codecs])
    lines += [f"a=mid:{mid}", "a=sendonly", "a=msid:weir-stream weir-video"]
    lines += [f"a=extmap:{e['id']} {e['uri']}" for e in consumer_rtp["headerExtensions"]]
    lines += _codec_lines(codecs)
    ssrcs = [encoding["ssrc"]]
    if encoding.get("rtx"):
        ssrcs.append(encoding["rtx"]["ssrc"])
        lines.append(f"a=ssrc-group:FID {ssrcs[0]} {ssrcs[1]}")
    for ssrc in ssrcs:
        lines.append(f"a=ssrc:{ssrc} cname:{cname}")
    lines += _transport_lines(webrtc, "actpass")
    return _session(mid, lines)


def receive_capabilities(router_caps):
    """The RTP capabilities of an aiortc receiver: the router's VP8 (and its RTX), the header
    extensions and RTCP feedback aiortc implements."""
    vp8 = next(c for c in router_caps["codecs"] if c["mimeType"].lower() == "video/vp8")
    rtx = [c for c in router_caps["codecs"]
           if c["mimeType"].lower() == "video/rtx"
           and (c.get("parameters") or {}).get("apt") == vp8["preferredPayloadType"]]
    codecs = []
    for c in [vp8] + rtx:
        c = dict(c)
        c["rtcpFeedback"] = [fb for fb in c.get("rtcpFeedback") or []
                             if (fb["type"], fb.get("parameter") or "") in AIORTC_RTCP_FEEDBACK]
        codecs.append(c)
    extensions = [e for e in router_caps["headerExtensions"]
                  if e["uri"] in AIORTC_VIDEO_EXTENSIONS and e.get("kind", "video") == "video"]
    return {"codecs": codecs, "headerExtensions": extensions}


# --- One call: an aiortc publisher and an aiortc subscriber through Weir ---

class Call:
    """Publisher pc -> send transport -> producer -> consumer -> receive transport -> subscriber
    pc. `frames` counts frames the subscriber decoded (track.recv())."""

    def __init__(self, weir, router_id, listen_infos, prefix="call"):
        self.weir = weir
        self.router_id = router_id
        self.listen_infos = listen_infos
        self.prefix = prefix
        self.send_id = f"{prefix}-send"
        self.recv_id = f"{prefix}-recv"
        self.producer_id = f"{prefix}-producer"
        self.consumer_id = f"{prefix}-consumer"
        self.frames = 0
        self.last_frame = None  # The last decoded frame as a yuv420p array.
        self.first_frame_at = None
        self.frame_size = None
        self.publisher = None
        self.subscriber = None
        self.track = None
        self.counter = None

    def create_transport(self, transport_id):
        return self.weir.request("router.createWebRtcTransport", self.router_id,
                                 {"transportId": transport_id, "listenInfos": self.listen_infos})

    async def publish(self, track, codec="video/VP8"):
        created = self.create_transport(self.send_id)
        self.send_webrtc = created["webRtc"]
        pc = self.publisher = new_peer_connection()
        transceiver = pc.addTransceiver(track, direction="sendonly")
        codecs = RTCRtpSender.getCapabilities("video").codecs
        transceiver.setCodecPreferences(
            [c for c in codecs if c.mimeType.lower() in (codec.lower(), "video/rtx")])
        await pc.setLocalDescription(await pc.createOffer())
        rtp_parameters, fingerprint = parse_offer(pc.localDescription.sdp)
        # Only the header extensions the router knows (the rest would be ignored anyway).
        router_uris = {e["uri"] for e in self.router_caps()["headerExtensions"]}
        rtp_parameters["headerExtensions"] = [e for e in rtp_parameters["headerExtensions"]
                                              if e["uri"] in router_uris]
        self.producer_rtp = rtp_parameters
        self.weir.request("transport.produce", self.send_id,
                          {"producerId": self.producer_id, "kind": "video",
                           "rtpParameters": rtp_parameters})
        # Weir is the DTLS client here (a=setup:active): the peer is the server.
        self.weir.request("transport.connect", self.send_id,
                          {"dtlsParameters": {"role": "server", "fingerprints": [fingerprint]}})
        await pc.setRemoteDescription(
            RTCSessionDescription(answer_sdp(self.send_webrtc, rtp_parameters, "active"), "answer"))

    async def subscribe(self):
        created = self.create_transport(self.recv_id)
        self.recv_webrtc = created["webRtc"]
        consumed = self.weir.request("transport.consume", self.recv_id, {
            "consumerId": self.consumer_id, "producerId": self.producer_id,
            "rtpCapabilities": receive_capabilities(self.router_caps()), "paused": True})
        self.consumer_rtp = consumed["rtpParameters"]
        pc = self.subscriber = new_peer_connection()
        got_track = asyncio.get_running_loop().create_future()
        pc.on("track", lambda t: got_track.done() or got_track.set_result(t))
        mid = self.consumer_rtp.get("mid") or "0"
        await pc.setRemoteDescription(
            RTCSessionDescription(offer_sdp(self.recv_webrtc, self.consumer_rtp, mid), "offer"))
        await pc.setLocalDescription(await pc.createAnswer())
        # aiortc answers a=setup:active (DTLS client), so Weir is the DTLS server here.
        dtls = parse_answer(pc.localDescription.sdp)
        self.weir.request("transport.connect", self.recv_id, {"dtlsParameters": dtls})
        self.track = await asyncio.wait_for(got_track, 10)
        self.counter = asyncio.ensure_future(self._count())
        self.weir.request("consumer.resume", self.consumer_id)

    async def _count(self):
        while True:
            frame = await self.track.recv()
            self.frames += 1
            self.frame_size = (frame.width, frame.height)
            if self.frames % 10 == 0:
                self.last_frame = frame.to_ndarray(format="yuv420p")
            if self.first_frame_at is None:
                self.first_frame_at = time.monotonic()

    async def wait_frames(self, count, timeout):
        deadline = time.monotonic() + timeout
        while self.frames < count and time.monotonic() < deadline:
            if self.counter is not None and self.counter.done():
                self.counter.result()  # Raises what stopped the receiver.
                break
            await asyncio.sleep(0.1)
        return self.frames

    def router_caps(self):
        if not hasattr(self, "_router_caps"):
            self._router_caps = self.weir.request("router.dump", self.router_id)["rtpCapabilities"]
        return self._router_caps

    async def close(self):
        if self.counter is not None:
            self.counter.cancel()
        for pc in (self.publisher, self.subscriber):
            if pc is not None:
                await pc.close()


VP8_ROUTER_CODECS = [{"kind": "video", "mimeType": "video/VP8", "clockRate": 90000}]
LOOPBACK_UDP = [{"protocol": "udp", "ip": "127.0.0.1"}]
