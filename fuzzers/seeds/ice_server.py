# Regenerates the seed corpora of fuzz_ice_server and fuzz_tcp_framing (record formats in
# fuzzers/ice_server_fuzzer.cpp and fuzzers/tcp_framing_fuzzer.cpp):
#   /usr/bin/python3 fuzzers/seeds/ice_server.py fuzzers/corpus
import hmac, hashlib, os, struct, sys, zlib

UFRAG, PWD = b'FuzzUfrag0000000', b'FuzzPassword00000000000000000000'
NEW_UFRAG, NEW_PWD = b'FuzzUfrag1111111', b'FuzzPassword11111111111111111111'
COOKIE = 0x2112A442

def attr(t, v):
    return struct.pack('>HH', t, len(v)) + v + b'\0' * ((4 - len(v) % 4) % 4)

def stun(cls, attrs, password=None, fingerprint=True, tid=b'\x07' * 12, method=1):
    mtype = (method & 0xF) | ((method & 0x70) << 1) | ((method & 0xF80) << 2) | ((cls & 1) << 4) | ((cls & 2) << 7)
    body = b''.join(attr(t, v) for t, v in attrs)
    def header(length):
        return struct.pack('>HHI', mtype, length, COOKIE) + tid
    if password is not None:
        mac = hmac.new(password, header(len(body) + 24) + body, hashlib.sha1).digest()
        body += attr(0x0008, mac)
    if fingerprint:
        crc = zlib.crc32(header(len(body) + 8) + body) ^ 0x5354554E
        body += attr(0x8028, struct.pack('>I', crc))
    return header(len(body)) + body

def check(ufrag=UFRAG, password=PWD, use_candidate=False, nomination=None, controlled=False,
          priority=True, extra=(), tid=b'\x07' * 12):
    a = [(0x0006, ufrag + b':Peer'), (0xC057, struct.pack('>I', 0x00010032))]
    a.append((0x8029 if controlled else 0x802A, struct.pack('>Q', 0x0123456789ABCDEF)))
    if use_candidate: a.append((0x0025, b''))
    if nomination is not None: a.append((0xC001, struct.pack('>I', nomination)))
    if priority: a.append((0x0024, struct.pack('>I', 1853824767)))
    a.extend(extra)
    return stun(0, a, password, tid=tid)

# action: 0 datagram, 2 re-signed with the current password, 3 control (first body byte picks:
# 0 re-sign with the old password, 1 remove, 2 restart, 3 force, 4 timeout, 5 close).
def rec(tuple_index, step, action, body):
    return bytes([tuple_index | (step << 4) | (action << 6)]) + struct.pack('>H', len(body)) + body

def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), 'wb') as f:
        f.write(data)

out = sys.argv[1] if len(sys.argv) > 1 else 'fuzzers/corpus'
ice = os.path.join(out, 'ice_server')
write(ice, 'new_then_nominated_udp', b'\x00' + rec(0, 0, 0, check()) + rec(0, 1, 0, check(use_candidate=True)))
write(ice, 'regular_nomination_tcp_then_remove',
      b'\x00' + rec(0, 0, 0, check()) + rec(8, 0, 0, check()) + rec(8, 1, 0, check(use_candidate=True))
      + rec(8, 1, 3, b'\x01') + rec(0, 2, 3, b'\x04'))
write(ice, 'completed_consent_expiry', b'\x02' + rec(0, 2, 0, check()) + rec(1, 3, 0, check()) + rec(0, 3, 3, b'\x04'))
write(ice, 'restart_old_then_new_credentials',
      b'\x03' + rec(0, 1, 0, check()) + rec(2, 1, 0, check(NEW_UFRAG, NEW_PWD, nomination=1))
      + rec(0, 1, 0, check()))
write(ice, 'errors_after_connect',
      b'\x01' + rec(0, 0, 0, check(password=NEW_PWD)) + rec(0, 0, 0, check(priority=False))
      + rec(0, 0, 0, check(controlled=True)) + rec(0, 0, 0, check(extra=[(0x7FF0, b'')]))
      + rec(0, 0, 0, check(ufrag=b'Other')) + rec(0, 0, 0, stun(0, [(0x0024, b'\0\0\0\1')])))
write(ice, 'resigned_renomination',
      b'\x02' + rec(1, 0, 2, check(nomination=3, password=None)) + rec(0, 0, 2, check(nomination=2, password=None))
      + rec(13, 0, 3, b'\x00' + check(nomination=9, use_candidate=True, password=None)))
write(ice, 'indications_and_responses',
      b'\x06' + rec(0, 2, 0, stun(1, [], None)) + rec(0, 2, 0, stun(2, [(0x0020, b'\0\x01\0\0\0\0\0\0')], PWD))
      + rec(0, 0, 0, stun(0, [], None, method=3)) + rec(9, 1, 3, b'\x03') + rec(9, 1, 3, b'\x05\xC1'))

tcp = os.path.join(out, 'tcp_framing')
def frame(p): return struct.pack('>H', len(p)) + p
write(tcp, 'stun_and_rtp_frames', b'\x12\x34' + frame(check()) + frame(bytes([0x80, 0x60]) + b'\0' * 30) + frame(b'\x01'))
write(tcp, 'zero_length_after_frame', b'\x00\x01' + frame(b'abc') + b'\0\0' + frame(b'x'))
write(tcp, 'partial_tail', b'\xFF\x00' + frame(b'z' * 200) + b'\x01\x00' + b'q' * 50)
write(tcp, 'max_frame', b'\x00\x08' + frame(b'\xAB' * 65535) + frame(b'\x01\x02'))
write(ice, 'flood_of_tuples_eviction',
      b'\x02' + b''.join(rec(i, 0, 0, check(use_candidate=(i % 3 == 0), tid=bytes([i]) * 12)) for i in range(16)))
