"""RTP and RTCP on plain UDP sockets for the integration tests: build and parse packets
(RFC 3550 5.1, 6.4), generic NACK and PLI (RFC 4585 6.2.1, 6.3.1), RTX (RFC 4588 4), synthetic
VP8 payloads (RFC 7741 4.2, 4.3), and small threads that send, receive and relay datagrams.

Nothing here knows the worker: tests combine these with weir_harness.Weirctl.
"""

import random
import selectors
import socket
import struct
import threading
import time
from collections import namedtuple

RTCP_SR, RTCP_RR, RTCP_SDES, RTCP_BYE, RTCP_RTPFB, RTCP_PSFB = 200, 201, 202, 203, 205, 206
FMT_NACK, FMT_PLI, FMT_FIR = 1, 1, 4

RtpPacket = namedtuple("RtpPacket", "marker pt seq ts ssrc payload")
RtcpPacket = namedtuple("RtcpPacket", "pt fmt body")  # body: what follows the 4-byte header


def build_rtp(pt, seq, ts, ssrc, payload, marker=False):
    """A minimal RTP packet (RFC 3550 5.1): version 2, no padding, extension or CSRCs."""
    return struct.pack("!BBHII", 0x80, (0x80 if marker else 0) | (pt & 0x7F), seq & 0xFFFF,
                       ts & 0xFFFFFFFF, ssrc) + payload


def is_rtcp(data):
    """RFC 5761 4: an RTCP packet's second byte is its type, 192-223."""
    return len(data) >= 2 and 192 <= data[1] <= 223


def parse_rtp(data):
    """The fixed header, CSRCs, extension and padding skipped; None if it is not RTP."""
    if len(data) < 12 or data[0] >> 6 != 2 or is_rtcp(data):
        return None
    b0, b1, seq, ts, ssrc = struct.unpack_from("!BBHII", data)
    pos = 12 + 4 * (b0 & 0x0F)
    if b0 & 0x10:
        if len(data) < pos + 4:
            return None
        pos += 4 + 4 * struct.unpack_from("!H", data, pos + 2)[0]
    end = len(data)
    if b0 & 0x20:
        end -= data[-1]
    if pos > end:
        return None
    return RtpPacket(bool(b1 & 0x80), b1 & 0x7F, seq, ts, ssrc, bytes(data[pos:end]))


def parse_rtcp(data):
    """The packets of a compound RTCP packet; stops at the first malformed one."""
    out = []
    pos = 0
    while pos + 4 <= len(data):
        b0, pt, words = struct.unpack_from("!BBH", data, pos)
        size = 4 * (words + 1)
        if b0 >> 6 != 2 or pos + size > len(data):
            break
        out.append(RtcpPacket(pt, b0 & 0x1F, bytes(data[pos + 4:pos + size])))
        pos += size
    return out


def build_rr(ssrc):
    """An empty receiver report (RFC 3550 6.4.2): the head of a compound feedback packet."""
    return struct.pack("!BBHI", 0x80, RTCP_RR, 1, ssrc)


def build_nack(sender_ssrc, media_ssrc, seqs):
    """Generic NACK (RFC 4585 6.2.1): PID plus a bitmask of the 16 following losses."""
    items = []
    pending = sorted(set(s & 0xFFFF for s in seqs))
    while pending:
        pid = pending.pop(0)
        blp = 0
        rest = []
        for s in pending:
            diff = (s - pid) & 0xFFFF
            if 1 <= diff <= 16:
                blp |= 1 << (diff - 1)
            else:
                rest.append(s)
        pending = rest
        items.append(struct.pack("!HH", pid, blp))
    body = struct.pack("!II", sender_ssrc, media_ssrc) + b"".join(items)
    header = struct.pack("!BBH", 0x80 | FMT_NACK, RTCP_RTPFB, len(body) // 4)
    return build_rr(sender_ssrc) + header + body


def build_pli(sender_ssrc, media_ssrc):
    """Picture loss indication (RFC 4585 6.3.1)."""
    return build_rr(sender_ssrc) + struct.pack("!BBHII", 0x80 | FMT_PLI, RTCP_PSFB, 2, sender_ssrc,
                                               media_ssrc)


def keyframe_requests(data):
    """How many PLI and FIR (RFC 5104 4.3.1) a compound RTCP packet holds."""
    return sum(1 for p in parse_rtcp(data)
               if (p.pt == RTCP_PSFB and p.fmt in (FMT_PLI, FMT_FIR)))


def nacked_seqs(packet):
    """The sequence numbers a generic NACK (an RtcpPacket) asks for."""
    seqs = []
    for pos in range(8, len(packet.body) - 3, 4):
        pid, blp = struct.unpack_from("!HH", packet.body, pos)
        seqs.append(pid)
        seqs.extend((pid + i + 1) & 0xFFFF for i in range(16) if blp >> i & 1)
    return seqs


def vp8_payload(keyframe, size, fill=0):
    """A VP8 payload whose descriptor starts a frame (S=1, PID 0; RFC 7741 4.2) and whose payload
    header's P bit says key or inter frame (RFC 7741 4.3), padded to `size` bytes."""
    if keyframe:
        # Frame tag (P=0), start code 9d 01 2a, 320x240 (RFC 6386 9.1).
        head = bytes([0x10, 0x00, 0x00, 0x00, 0x9D, 0x01, 0x2A]) + struct.pack("<HH", 320, 240)
    else:
        head = bytes([0x10, 0x01, 0x00, 0x00])
    body = bytes((fill + i) & 0xFF for i in range(max(0, size - len(head))))
    return head + body


def vp8_is_keyframe(payload):
    return len(payload) >= 2 and payload[0] & 0x10 and payload[1] & 0x01 == 0


def udp_socket(port=0, rcvbuf=4 << 20):
    """A UDP socket on 127.0.0.1 with a receive buffer that rides out scheduling hiccups."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind(("127.0.0.1", port))
    return s


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    """Collects what arrives on one UDP socket: RTP packets (with arrival time) and RTCP."""

    def __init__(self, sock=None):
        self.sock = sock or udp_socket()
        self.port = self.sock.getsockname()[1]
        self.rtp = []
        self.rtcp = []
        self.other = []
        self.last_from = None
        self.lock = threading.Lock()

    def handle(self, data, addr):
        with self.lock:
            self.last_from = addr
            if is_rtcp(data):
                self.rtcp.append(bytes(data))
                return
            packet = parse_rtp(data)
            if packet is None:
                self.other.append(bytes(data))
            else:
                self.rtp.append((time.monotonic(), packet))

    def packets(self, ssrc=None):
        with self.lock:
            return [p for _, p in self.rtp if ssrc is None or p.ssrc == ssrc]


class ReceiverPool:
    """One thread reading many Receivers' sockets (select), so 20 receivers cost one thread."""

    def __init__(self, receivers):
        self.receivers = list(receivers)
        self.selector = selectors.DefaultSelector()
        for r in self.receivers:
            r.sock.setblocking(False)
            self.selector.register(r.sock, selectors.EVENT_READ, r)
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stopping:
            for key, _ in self.selector.select(0.05):
                receiver = key.data
                while True:
                    try:
                        data, addr = receiver.sock.recvfrom(65536)
                    except BlockingIOError:
                        break
                    receiver.handle(data, addr)

    def stop(self):
        self.stopping = True
        self.thread.join()
        self.selector.close()


class Vp8Source:
    """Paced synthetic VP8 RTP from one socket: a keyframe first and whenever the destination
    asks for one (PLI/FIR), inter frames otherwise; one packet per frame, each of a payload the
    test can recognise (its own sequence number in the fill). Records what it sent."""

    def __init__(self, dest, ssrc, pt, rate=300, size=400, sock=None):
        self.dest = dest
        self.ssrc = ssrc
        self.pt = pt
        self.rate = rate
        self.size = size
        self.sock = sock or udp_socket()
        self.sock.settimeout(0.002)
        self.sent = []  # (seq, keyframe, payload)
        self.keyframe_requests = 0
        self.rtcp_received = 0
        self.stopping = False
        self.force_keyframe = True
        self.seq = random.Random(ssrc).randrange(0, 65536)
        self.thread = None

    def payload_for(self, seq, keyframe):
        return vp8_payload(keyframe, self.size, fill=seq)

    def start(self, count=None, seconds=None):
        total = count if count is not None else int(self.rate * seconds)
        self.thread = threading.Thread(target=self._run, args=(total,), daemon=True)
        self.thread.start()
        return self

    def _run(self, total):
        t0 = time.monotonic()
        for i in range(total):
            if self.stopping:
                break
            due = t0 + i / self.rate
            while True:
                self._poll_rtcp()
                if time.monotonic() >= due:
                    break
            keyframe = self.force_keyframe
            self.force_keyframe = False
            seq = self.seq & 0xFFFF
            payload = self.payload_for(seq, keyframe)
            ts = (i * 90000 // 30) & 0xFFFFFFFF
            self.sock.sendto(build_rtp(self.pt, seq, ts, self.ssrc, payload, marker=True),
                             self.dest)
            self.sent.append((seq, keyframe, payload))
            self.seq += 1

    def _poll_rtcp(self):
        try:
            data, _ = self.sock.recvfrom(65536)
        except (socket.timeout, BlockingIOError):
            return
        if is_rtcp(data):
            self.rtcp_received += 1
            if keyframe_requests(data):
                self.keyframe_requests += 1
                self.force_keyframe = True

    def wait(self):
        self.thread.join()

    def stop(self):
        self.stopping = True
        if self.thread:
            self.thread.join()


def seq_gaps(seqs):
    """How many sequence numbers are missing between consecutive ones (16-bit wrap aware), and
    how many go backwards or repeat."""
    missing = 0
    disorder = 0
    for a, b in zip(seqs, seqs[1:]):
        diff = (b - a) & 0xFFFF
        if diff == 0 or diff > 0x8000:
            disorder += 1
        else:
            missing += diff - 1
    return missing, disorder
