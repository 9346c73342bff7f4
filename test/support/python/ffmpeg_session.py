"""Real ffmpeg peers around a worker: an ffmpeg sender publishes a test pattern (VP8 or H264) and
a sine (Opus) over RTP to comedia PlainTransport producers; each producer has `consumers`
SimpleConsumers, each on its own PlainTransport; the streams of consumer `recorded` are recorded
by ffmpeg receivers (one per stream, each reading an SDP file this writes), the others go to
plain UDP receivers in this process that send RTCP receiver reports every second. Used by
test/integration/ffmpeg_forward_test.py and scripts/demo.

    s = FfmpegSession(w, workdir, video="VP8", audio=True)
    s.setup(); s.start_receivers(); s.start_sender(seconds=5)
    s.wait_sender(); s.stop_receivers(); s.probe("VP8")
"""

import json
import os
import signal
import subprocess
import time

import rtp_tools

OPUS = {"kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2}
VP8 = {"kind": "video", "mimeType": "video/VP8", "clockRate": 90000}
H264 = {"kind": "video", "mimeType": "video/H264", "clockRate": 90000,
        "parameters": {"packetization-mode": 1, "profile-level-id": "42e01f",
                       "level-asymmetry-allowed": 1}}
ROUTER_CODECS = [OPUS, VP8, H264]
FPS = 30

# What the ffmpeg sender uses (its own payload types and SSRCs, which the worker maps onto the
# router's). Settings that keep a 2-core machine real time (FIELD-NOTES): 320x240, libvpx
# realtime at cpu-used 8, x264 ultrafast.
SENDER = {
    "VP8": {"pt": 96, "ssrc": 11111111,
            "encoder": ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
                        "-b:v", "400k", "-g", str(FPS)]},
    "H264": {"pt": 97, "ssrc": 22222222,
             "encoder": ["-c:v", "libx264", "-profile:v", "baseline", "-level", "3.1",
                         "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                         "-b:v", "400k", "-g", str(FPS)]},
    "opus": {"pt": 111, "ssrc": 33333333, "encoder": ["-c:a", "libopus", "-b:a", "48k"]},
}

# A receiver ends by itself (cleanly, writing the file's index) after this long without a
# packet: that is how it is stopped once the worker stops sending. 'q' on stdin is only read
# between packets, and the worker's RTCP keeps ffmpeg's read loop busy while a transport exists.
RECEIVER_IDLE_SECONDS = 2


def producer_rtp_parameters(stream):
    s = SENDER[stream]
    feedback = [{"type": "nack"}, {"type": "nack", "parameter": "pli"},
                {"type": "ccm", "parameter": "fir"}]
    if stream == "opus":
        codec = {"mimeType": "audio/opus", "payloadType": s["pt"], "clockRate": 48000,
                 "channels": 2}
    elif stream == "VP8":
        codec = {"mimeType": "video/VP8", "payloadType": s["pt"], "clockRate": 90000,
                 "rtcpFeedback": feedback}
    else:
        # RFC 6184 8.1: the router's H264 matches on packetization-mode and profile-level-id.
        codec = {"mimeType": "video/H264", "payloadType": s["pt"], "clockRate": 90000,
                 "parameters": {"packetization-mode": 1, "profile-level-id": "42e01f"},
                 "rtcpFeedback": feedback}
    return {"codecs": [codec], "encodings": [{"ssrc": s["ssrc"]}],
            "rtcp": {"cname": "ffmpeg-sender"}}


def sdp_for(kind, port, codec):
    """A receive-only SDP (RFC 4566) for one consumer's media codec, RTCP on the RTP port
    (RFC 5761 5.1.1)."""
    pt = codec["payloadType"]
    rtpmap = f"{codec['mimeType'].split('/')[1]}/{codec['clockRate']}"
    if kind == "audio":
        rtpmap += f"/{codec.get('channels') or 1}"
    lines = ["v=0", "o=- 0 0 IN IP4 127.0.0.1", "s=weir", "c=IN IP4 127.0.0.1", "t=0 0",
             f"m={kind} {port} RTP/AVP {pt}", f"a=rtpmap:{pt} {rtpmap}"]
    params = codec.get("parameters") or {}
    if params:
        lines.append(f"a=fmtp:{pt} " + ";".join(f"{k}={v}" for k, v in params.items()))
    lines.append("a=rtcp-mux")
    return "\n".join(lines) + "\n"


def kind_of(stream):
    return "audio" if stream == "opus" else "video"


class FfmpegSession:
    def __init__(self, w, workdir, video="VP8", audio=True, consumers=1, recorded=0,
                 router_id="r1"):
        self.w = w
        self.workdir = workdir
        self.video = video
        self.consumers = consumers
        self.recorded = recorded
        self.router_id = router_id
        self.streams = [video] + (["opus"] if audio else [])
        self.in_ports = {}
        self.consumer_ids = {s: [f"c-{s}-{i}" for i in range(consumers)] for s in self.streams}
        self.outputs = {s: os.path.join(workdir, f"{router_id}-{s.lower()}.mkv")
                        for s in self.streams}
        self.sdp_paths = {}
        self.receivers = {}
        self.receiver_logs = {}
        self.sinks = {}  # consumer id -> rtp_tools.Receiver, for the consumers not recorded
        self.sink_pool = None
        self.sender = None
        self.sender_progress = {}

    def setup(self):
        w = self.w
        self.caps = w.request("worker.createRouter", body={
            "routerId": self.router_id, "mediaCodecs": ROUTER_CODECS})["rtpCapabilities"]
        for stream in self.streams:
            tid = f"in-{stream}"
            t = w.request("router.createPlainTransport", self.router_id,
                          {"transportId": tid, "listenInfo": {"ip": "127.0.0.1"},
                           "comedia": True})
            self.in_ports[stream] = t["plain"]["tuple"]["localPort"]
            w.request("transport.produce", tid,
                      {"producerId": f"p-{stream}", "kind": kind_of(stream),
                       "rtpParameters": producer_rtp_parameters(stream)})
        for stream in self.streams:
            for i, cid in enumerate(self.consumer_ids[stream]):
                tid = f"out-{stream}-{i}"
                w.request("router.createPlainTransport", self.router_id,
                          {"transportId": tid, "listenInfo": {"ip": "127.0.0.1"}})
                if i == self.recorded:
                    port = rtp_tools.free_udp_port()
                else:
                    sink = rtp_tools.Receiver(keep=False)
                    self.sinks[cid] = sink
                    port = sink.port
                w.request("transport.connect", tid, {"ip": "127.0.0.1", "port": port})
                c = w.request("transport.consume", tid,
                              {"consumerId": cid, "producerId": f"p-{stream}",
                               "rtpCapabilities": self.caps})
                if cid in self.sinks:
                    self.sinks[cid].clock_rates = {x["payloadType"]: x["clockRate"]
                                                   for x in c["rtpParameters"]["codecs"]}
                if i == self.recorded:
                    media = [x for x in c["rtpParameters"]["codecs"]
                             if not x["mimeType"].lower().endswith("/rtx")][0]
                    path = os.path.join(self.workdir, f"{self.router_id}-{stream.lower()}.sdp")
                    with open(path, "w") as f:
                        f.write(sdp_for(kind_of(stream), port, media))
                    self.sdp_paths[stream] = path
        if self.sinks:
            # The sinks send receiver reports every second, as real receivers do.
            self.sink_pool = rtp_tools.ReceiverPool(self.sinks.values(), report_interval=1.0)

    def start_receivers(self):
        """One ffmpeg per stream. (Two streams in one SDP make ffmpeg re-anchor each stream's
        timestamps on the first RTCP SR of any stream, so the later-starting stream's
        timestamps jump back; two SDP inputs in one ffmpeg are opened one after the other and
        the second misses the start. Neither says anything about the forwarding.)"""
        for stream in self.streams:
            cmd = ["ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-v",
                   os.environ.get("WEIR_FFMPEG_RX_LOGLEVEL", "error"), "-y",
                   "-protocol_whitelist", "file,udp,rtp", "-sdp_flags", "rtcp_to_source",
                   "-listen_timeout", str(RECEIVER_IDLE_SECONDS), "-i", self.sdp_paths[stream],
                   "-c", "copy", self.outputs[stream]]
            log = os.path.join(self.workdir, f"{self.router_id}-rx-{stream.lower()}.log")
            self.receiver_logs[stream] = log
            # Own sessions: a terminal's Ctrl-C reaches the program driving them, which decides.
            self.receivers[stream] = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(log, "w"),
                start_new_session=True)
        time.sleep(1.0)  # Let them bind their ports before anything is sent.

    def start_sender(self, seconds):
        cmd = ["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-nostats", "-progress",
               "pipe:1"]
        inputs = {"VP8": f"testsrc=size=320x240:rate={FPS}:duration={seconds}",
                  "H264": f"testsrc=size=320x240:rate={FPS}:duration={seconds}",
                  "opus": f"sine=frequency=440:sample_rate=48000:duration={seconds}"}
        for stream in self.streams:
            cmd += ["-re", "-f", "lavfi", "-i", inputs[stream]]
        for index, stream in enumerate(self.streams):
            s = SENDER[stream]
            port = self.in_ports[stream]
            cmd += ["-map", f"{index}:0", *s["encoder"], "-ssrc", str(s["ssrc"]),
                    "-payload_type", str(s["pt"]), "-f", "rtp",
                    f"rtp://127.0.0.1:{port}?rtcpport={port}&pkt_size=1200"]
        self.sender_log = os.path.join(self.workdir, f"{self.router_id}-tx.log")
        self.sender = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=open(self.sender_log, "w"), text=True,
                                       start_new_session=True)

    def wait_sender(self, timeout=None):
        out, _ = self.sender.communicate(timeout=timeout)
        for line in out.splitlines():
            if "=" in line:
                k, v = line.split("=", 1)
                self.sender_progress[k.strip()] = v.strip()
        return self.sender.returncode

    def frames_sent(self):
        return int(self.sender_progress.get("frame", "0"))

    def stop_receivers(self, timeout=15):
        """Closes the transports the receivers read from and waits for them to end by themselves
        (RECEIVER_IDLE_SECONDS later); SIGINT, which ffmpeg also answers by finishing its file, as
        a fallback. Returns {stream: exit code}."""
        for stream in self.streams:
            self.w.request("router.closeTransport", self.router_id,
                           {"transportId": f"out-{stream}-{self.recorded}"})
        deadline = time.monotonic() + timeout
        codes = {}
        for stream, p in self.receivers.items():
            try:
                codes[stream] = p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGINT)
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
                codes[stream] = None
        return codes

    def receiver_complaints(self, stream):
        """The receiver's error lines, but for the end of input this session causes."""
        with open(self.receiver_logs[stream]) as f:
            return [l for l in f.read().splitlines()
                    if l.strip() and not l.endswith(": Connection timed out")]

    def kill(self):
        for p in [self.sender, *self.receivers.values()]:
            if p is not None and p.poll() is None:
                p.kill()
                p.wait()
        if self.sink_pool:
            self.sink_pool.stop()
            self.sink_pool = None

    def probe(self, stream):
        """ffprobe's count of the stream's frames (decoded) and packets in the recording, its
        complaints, and the decoder's when the whole file is decoded."""
        return probe_file(self.outputs[stream])


def probe_file(path):
    r = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-count_packets",
                        "-show_entries",
                        "stream=codec_type,codec_name,nb_read_frames,nb_read_packets,width,height",
                        "-of", "json", path], capture_output=True, text=True)
    streams = json.loads(r.stdout or "{}").get("streams", [])
    info = [{"type": s["codec_type"], "codec": s.get("codec_name"),
             "frames": int(s.get("nb_read_frames", 0)),
             "packets": int(s.get("nb_read_packets", 0)),
             "size": f"{s['width']}x{s['height']}" if "width" in s else None}
            for s in streams]
    d = subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", path, "-f",
                        "null", "-"], capture_output=True, text=True)
    return info, r.stderr.strip(), d.stderr.strip()
