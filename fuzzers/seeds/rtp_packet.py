# Regenerates the seed corpus of fuzz_rtp_packet:
#   python3 fuzzers/seeds/rtp_packet.py fuzzers/corpus/rtp_packet
# Each seed is: spare-capacity code (1 byte), script length N (1 byte), N script bytes, packet.
# The packets are the unit-test vectors (test/unit/proto/rtp/) plus typical WebRTC layouts.
import os, struct, sys

out = sys.argv[1]
h = bytes.fromhex

def rtp(pt=96, seq=1, ts=2, ssrc=3, marker=0, csrcs=(), ext=None, payload=b'', pad=0):
    b0 = 0x80 | (0x20 if pad else 0) | (0x10 if ext is not None else 0) | len(csrcs)
    hdr = struct.pack('!BBHII', b0, (marker << 7) | pt, seq, ts, ssrc)
    hdr += b''.join(struct.pack('!I', c) for c in csrcs)
    if ext is not None:
        hdr += ext
    tail = (b'\x00' * (pad - 1) + bytes([pad])) if pad else b''
    return hdr + payload + tail

def block(profile, elements):
    data = b''
    for eid, val in elements:
        data += (bytes([eid << 4 | (len(val) - 1)]) if profile == 0xBEDE else bytes([eid, len(val)])) + val
    data += b'\x00' * (-len(data) % 4)
    return struct.pack('!HH', profile, len(data) // 4) + data

seeds = {
    'basic': h('80e01234 0001e240 deadbeef 01020304'),
    'csrc2': h('82080007 00000064 11223344 aaaaaaaa bbbbbbbb ff'),
    'padding3': h('a0600001 00000002 00000003 010203 000003'),
    'rfc8285_one_byte': h('906f0001 00000002 00000003 bede0003 10aa21bb bb000033 cccccccc 5566'),
    'rfc8285_two_byte': h('906f0001 00000002 00000003 10000003 01000201 bb000304 cccccccc 5566'),
    'foreign_profile': h('90600001 00000002 00000003 12340001 10aabbcc 55'),
    'one_byte_id15': h('90600001 00000002 00000003 bede0002 10aaff21 bbbb0000 55'),
    'video_mid_ast_twcc': rtp(pt=96, seq=1000, ts=90000, ssrc=0x11111111, marker=1,
                              ext=block(0xBEDE, [(1, b'0'), (2, h('123456')), (3, h('0309'))]),
                              payload=bytes(range(100))),
    'audio_level_mid': rtp(pt=111, seq=7, ts=960, ssrc=0x22222222,
                           ext=block(0xBEDE, [(1, b'1'), (4, h('85')), (3, h('0001'))]),
                           payload=h('fcff fe')),
    'video_rid_rrid': rtp(pt=97, ext=block(0xBEDE, [(10, b'hi'), (11, b'hi'), (1, b'2')]),
                          payload=h('0102 0304 0506')),
    'rtx': h('b0e17000 0a0b0c0d 22222222 bede0001 10aa0000 0102 c1c2c3 0002'),
    'padding_probe': rtp(pt=97, pad=255),
    'two_byte_mixed': rtp(ext=block(0x1000, [(1, h('0b')), (5, h('00a028')),
                                             (20, bytes(range(20))),
                                             (6, h('e900000180000000 ffffffff80000000'))]),
                          payload=b'\x42' * 40),
}
# A few seeds with a script: set/remove extensions, RTX round trip, rewrite and restore, padding.
script = bytes([
    0, 5, 4, 0xaa, 0xbb, 0xcc, 0xdd,   # set id 5, 4 bytes
    1, 3, 17,                          # set id 3, 17 bytes (switch to two-byte)
] + list(range(17)) + [
    2, 1,                              # remove id 1
    3, 97, 0, 0, 0, 9, 0x70, 0,        # RTX round trip
    5, 1, 100, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,  # rewrite and restore
    6, 8,                              # padding 8
    9, 2,                              # trim 2 payload bytes
])
for name in ['video_mid_ast_twcc', 'audio_level_mid', 'basic', 'rfc8285_two_byte']:
    seeds['script_' + name] = bytes([7, len(script)]) + script + seeds[name]
for name, packet in list(seeds.items()):
    if not name.startswith('script_'):
        seeds[name] = bytes([6, 0]) + packet
for name, data in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
