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
    header's P bit says key or inter frame (RFC 7741 4.3), then `fill` (32 bits) and a pattern
    from it up to `size` bytes: payloads with different fills differ."""
    if keyframe:
        # Frame tag (P=0), start code 9d 01 2a, 320x240 (RFC 6386 9.1).
        head = bytes([0x10, 0x00, 0x00, 0x00, 0x9D, 0x01, 0x2A]) + struct.pack("<HH", 320, 240)
    else:
        head = bytes([0x10, 0x01, 0x00, 0x00])
    head += struct.pack("!I", fill & 0xFFFFFFFF)
    body = bytes((fill + i) & 0xFF for i in range(max(0, size - len(head))))
    return head + body


def vp8_is_keyframe(payload):
    return len(payload) >= 2 and bool(payload[0] & 0x10) and payload[1] & 0x01 == 0


def udp_socket(port=0, rcvbuf=4 << 20, ip="127.0.0.1"):
    """A UDP socket on loopback with a receive buffer that rides out scheduling hiccups."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((ip, port))
    return s


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ReceptionStats:
    """What an RTP receiver reports about one source (RFC 3550 6.4.1, A.3, A.8): extended highest
    sequence number, cumulative and fractional loss, interarrival jitter, and the last SR."""

    def __init__(self, ssrc, clock_rate):
        self.ssrc = ssrc
        self.clock_rate = clock_rate
        self.base = None
        self.max_ext = None
        self.received = 0
        self.expected_prior = 0
        self.received_prior = 0
        self.jitter = 0.0
        self.transit = None
        self.last_sr = 0  # The middle 32 bits of the last SR's NTP timestamp.
        self.last_sr_at = None

    def on_rtp(self, packet, arrival):
        if self.max_ext is None:
            self.base = self.max_ext = packet.seq
        else:
            delta = (packet.seq - self.max_ext) & 0xFFFF
            if delta < 0x8000:
                self.max_ext += delta
        self.received += 1
        if self.clock_rate:
            transit = arrival * self.clock_rate - packet.ts
            if self.transit is not None:
                d = abs(transit - self.transit)
                if d < self.clock_rate * 10:  # Not a timestamp jump.
                    self.jitter += (d - self.jitter) / 16
            self.transit = transit

    def on_sr(self, body, arrival):
        ntp = struct.unpack_from("!Q", body, 4)[0]
        self.last_sr = (ntp >> 16) & 0xFFFFFFFF
        self.last_sr_at = arrival

    def report_block(self, now):
        expected = self.max_ext - self.base + 1
        lost = max(-0x800000, min(0x7FFFFF, expected - self.received))
        expected_interval = expected - self.expected_prior
        received_interval = self.received - self.received_prior
        self.expected_prior, self.received_prior = expected, self.received
        lost_interval = expected_interval - received_interval
        fraction = 0 if expected_interval <= 0 or lost_interval <= 0 else \
            min(255, (lost_interval << 8) // expected_interval)
        dlsr = int((now - self.last_sr_at) * 65536) if self.last_sr_at is not None else 0
        return struct.pack("!IB3sIIII", self.ssrc, fraction,
                           (lost & 0xFFFFFF).to_bytes(3, "big"), self.max_ext & 0xFFFFFFFF,
                           int(self.jitter), self.last_sr, dlsr)


class Receiver:
    """Collects what arrives on one UDP socket: RTP packets (with arrival time, unless `keep` is
    false) and RTCP, and keeps reception statistics per SSRC; send_report() answers with an RTCP
    receiver report, as a real receiver would (the worker's consumer scores, loss and RTT come
    from these)."""

    def __init__(self, sock=None, keep=True, clock_rates=None):
        self.sock = sock or udp_socket()
        self.port = self.sock.getsockname()[1]
        self.keep = keep
        self.clock_rates = clock_rates or {}  # payload type -> clock rate, for jitter
        self.rtp = []
        self.rtcp = []
        self.other = []
        self.count = 0
        self.bytes = 0
        self.sources = {}  # ssrc -> ReceptionStats
        self.last_from = None
        self.lock = threading.Lock()

    def handle(self, data, addr):
        now = time.monotonic()
        with self.lock:
            self.last_from = addr
            if is_rtcp(data):
                if self.keep:
                    self.rtcp.append(bytes(data))
                for p in parse_rtcp(data):
                    if p.pt == RTCP_SR and len(p.body) >= 12:
                        ssrc = struct.unpack_from("!I", p.body)[0]
                        if ssrc in self.sources:
                            self.sources[ssrc].on_sr(p.body, now)
                return
            packet = parse_rtp(data)
            if packet is None:
                self.other.append(bytes(data))
                return
            self.count += 1
            self.bytes += len(data)
            if self.keep:
                self.rtp.append((now, packet))
            source = self.sources.get(packet.ssrc)
            if source is None:
                source = self.sources[packet.ssrc] = ReceptionStats(
                    packet.ssrc, self.clock_rates.get(packet.pt, 0))
            source.on_rtp(packet, now)

    def packets(self, ssrc=None):
        with self.lock:
            return [p for _, p in self.rtp if ssrc is None or p.ssrc == ssrc]

    def send_report(self, sender_ssrc=0x52520001):
        """An RR (RFC 3550 6.4.2) with a block per source, to where the packets come from."""
        with self.lock:
            if self.last_from is None or not self.sources:
                return False
            now = time.monotonic()
            blocks = [s.report_block(now) for s in list(self.sources.values())[:31]]
            to = self.last_from
        header = struct.pack("!BBHI", 0x80 | len(blocks), RTCP_RR, 1 + 6 * len(blocks),
                             sender_ssrc)
        self.sock.sendto(header + b"".join(blocks), to)
        return True


class ReceiverPool:
    """One thread reading many Receivers' sockets (select), so 20 receivers cost one thread."""

    def __init__(self, receivers, report_interval=None):
        self.receivers = list(receivers)
        self.report_interval = report_interval  # Seconds between receiver reports, if any.
        self.next_report = time.monotonic() + (report_interval or 0)
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
            if self.report_interval and time.monotonic() >= self.next_report:
                self.next_report += self.report_interval
                for r in self.receivers:
                    r.send_report()

    def stop(self):
        self.stopping = True
        self.thread.join()
        self.selector.close()


class Vp8Source:
    """Paced synthetic VP8 RTP from one socket: a keyframe first and whenever the destination
    asks for one (PLI/FIR), inter frames otherwise; one packet per frame, each payload tagged
    with its index (vp8_payload's fill). Records what it sent."""

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

    def payload_for(self, index, keyframe):
        return vp8_payload(keyframe, self.size, fill=index)

    @staticmethod
    def index_of(payload):
        """The index a payload of payload_for() carries."""
        offset = 11 if vp8_is_keyframe(payload) else 4
        return struct.unpack_from("!I", payload, offset)[0]

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
            payload = self.payload_for(i, keyframe)
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


class LossyRelay:
    """A UDP relay between the worker (`upstream`) and a receiver: RTP from upstream is dropped
    with probability `loss` (a seeded random sequence: the same run every time), everything else
    passes both ways. Counts what it dropped and forwarded."""

    def __init__(self, upstream, loss, seed):
        self.sock = udp_socket()
        self.port = self.sock.getsockname()[1]
        self.upstream = upstream
        self.downstream = None
        self.loss = loss
        self.rng = random.Random(seed)
        self.dropped = []  # (ssrc, seq) of the RTP packets dropped
        self.forwarded_rtp = 0
        self.forwarded_up = 0
        self.stopping = False
        self.sock.settimeout(0.05)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self, downstream):
        self.downstream = downstream
        self.thread.start()
        return self

    def _run(self):
        while not self.stopping:
            try:
                data, addr = self.sock.recvfrom(65536)
            except socket.timeout:
                continue
            if addr == self.upstream:
                packet = parse_rtp(data)
                if packet is not None:
                    if self.rng.random() < self.loss:
                        self.dropped.append((packet.ssrc, packet.seq))
                        continue
                    self.forwarded_rtp += 1
                self.sock.sendto(data, self.downstream)
            else:
                self.forwarded_up += 1
                self.sock.sendto(data, self.upstream)

    def stop(self):
        self.stopping = True
        self.thread.join()


class NackingReceiver:
    """An RTP receiver that repairs losses the way RFC 4585 receivers do: a gap in the sequence
    numbers (16-bit, extended) puts the missing ones on a list, a generic NACK asks for them
    every `retry` seconds (at most `max_nacks` times each), and a retransmission, as RTX (RFC 4588
    4: the original sequence number in the first two payload bytes) or as the packet itself,
    takes them off. NACKs go back to the address packets come from."""

    def __init__(self, media_ssrc, rtx_ssrc=None, rtx_pt=None, retry=0.03, max_nacks=8):
        self.sock = udp_socket()
        self.port = self.sock.getsockname()[1]
        self.sock.settimeout(0.01)
        self.media_ssrc = media_ssrc
        self.rtx_ssrc = rtx_ssrc
        self.rtx_pt = rtx_pt
        self.retry = retry
        self.max_nacks = max_nacks
        self.received = {}  # extended seq -> payload
        self.first_copy = set()  # extended seqs that arrived as the original transmission
        self.repaired = set()
        self.duplicates = 0
        self.missing = {}  # extended seq -> [nacks sent, last nack time]
        self.highest = None
        self.nacks_sent = 0
        self.nacked_seqs = 0
        self.given_up = set()
        self.peer = None
        self.stopping = False
        self.rtx_seqs = []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def _extend(self, seq):
        if self.highest is None:
            return seq + 0x10000  # Room below for packets older than the first one.
        base = self.highest - (self.highest & 0xFFFF)
        candidates = (base - 0x10000 + seq, base + seq, base + 0x10000 + seq)
        return min(candidates, key=lambda c: abs(c - self.highest))

    def _on_media(self, ext, payload, repair):
        if ext in self.received:
            self.duplicates += 1
            return
        self.received[ext] = payload
        # A plain retransmission (no RTX) counts as a repair when it fills a hole.
        (self.repaired if repair or ext in self.missing else self.first_copy).add(ext)
        self.missing.pop(ext, None)
        if self.highest is None:
            self.highest = ext
        elif ext > self.highest:
            for gap in range(self.highest + 1, ext):
                if gap not in self.received:
                    self.missing[gap] = [0, 0.0]
            self.highest = ext

    def _run(self):
        while not self.stopping:
            try:
                data, addr = self.sock.recvfrom(65536)
                self.peer = addr
                packet = parse_rtp(data)
                if packet is not None:
                    if packet.ssrc == self.media_ssrc:
                        self._on_media(self._extend(packet.seq), packet.payload,
                                       repair=False)
                    elif (packet.ssrc == self.rtx_ssrc and packet.pt == self.rtx_pt
                          and len(packet.payload) >= 2):
                        osn = struct.unpack_from("!H", packet.payload)[0]
                        self.rtx_seqs.append(packet.seq)
                        self._on_media(self._extend(osn), packet.payload[2:], repair=True)
            except socket.timeout:
                pass
            self._send_nacks()

    def _send_nacks(self):
        now = time.monotonic()
        due = []
        for ext, state in list(self.missing.items()):
            if state[0] >= self.max_nacks:
                self.given_up.add(ext)
                del self.missing[ext]
            elif now - state[1] >= self.retry:
                due.append(ext)
                state[0] += 1
                state[1] = now
        if due and self.peer:
            for i in range(0, len(due), 100):
                chunk = due[i:i + 100]
                self.sock.sendto(build_nack(0x0BADCAFE, self.media_ssrc, chunk), self.peer)
                self.nacks_sent += 1
                self.nacked_seqs += len(chunk)

    def stop(self):
        self.stopping = True
        self.thread.join()
