# Regenerates the seed corpus of fuzz_plain_transport (record format in
# fuzzers/plain_transport_fuzzer.cpp):
#   /usr/bin/python3 fuzzers/seeds/plain_transport.py fuzzers/corpus
import os, struct, sys

SENDER, SENDER_ALT, STRANGER, RECEIVER = 0, 1, 2, 3
NOW, MS20, MS150, S1 = 0, 1, 2, 3
RAW_IN, RAW_OUT, MEDIA, FEEDBACK, REPORT, CONTROL, CLOCK = 0, 2, 3, 4, 5, 6, 7
VP8, VP8_RTX, OPUS, MIDRID = 0, 1, 2, 3


def record(action, data, source=SENDER, advance=NOW):
    control = source | (advance << 2) | (action << 4)
    return bytes([control]) + struct.pack('>H', len(data)) + data


def media(stream, seq, ts, flags=0, payload=b'\x01\x02\x03\x04', advance=MS20, source=SENDER):
    return record(MEDIA, bytes([stream]) + struct.pack('>HIB', seq & 0xffff, ts & 0xffffffff, flags)
                  + payload, source, advance)


def vp8(seq, key=False, ext=False, advance=MS20, source=SENDER):
    return media(VP8, seq, 3000 * seq, 1 | (2 if key else 0) | (4 if ext else 0), advance=advance,
                 source=source)


def rtx(osn, rtx_seq):
    return media(VP8_RTX, rtx_seq, 3000 * osn, 1, struct.pack('>H', osn) + b'\x10\x11\x00\x00\x05')


def rtp(ssrc, pt, seq, payload=b'\x10\x10\x00\x00'):
    return struct.pack('>BBHII', 0x80, pt, seq, 1000 * seq, ssrc) + payload


def nack(consumer, *seqs):
    return record(FEEDBACK, bytes([0, consumer]) + b''.join(struct.pack('>H', s) for s in seqs),
                  RECEIVER)


SEEDS = {
    'keyframe_then_deltas': b''.join([vp8(0, key=True)] + [vp8(s) for s in range(1, 12)]),
    'extensions_remapped': b''.join(vp8(s, key=(s == 0), ext=True) for s in range(6)),
    'loss_nack_rtx': b''.join([vp8(0, key=True), vp8(1), vp8(4), vp8(5), rtx(2, 700),
                               nack(0, 1, 2, 3, 60000), rtx(3, 701), rtx(3, 702),
                               record(CLOCK, struct.pack('>H', 400))]),
    'audio_and_reports': b''.join(
        [media(OPUS, s, 960 * s, 0, b'\xfc\x01\x02') for s in range(10)] +
        [record(REPORT, bytes([0]) + struct.pack('>QI', 0xe000000012345678, 9000)),
         record(REPORT, bytes([1]) + struct.pack('>QI', 0xe000000012345678, 9000)),
         record(CLOCK, struct.pack('>H', 1500)),
         record(FEEDBACK, bytes([3, 0, 12]) + bytes(range(19)), RECEIVER),
         record(FEEDBACK, bytes([3, 2, 200]) + bytes(range(50, 69)), RECEIVER)]),
    'comedia_foreign_garbage': b''.join([
        record(RAW_IN, rtp(0x1111, 96, 1), STRANGER), vp8(2, key=True), vp8(3, source=STRANGER),
        record(RAW_IN, rtp(0x1111, 96, 4), SENDER_ALT),
        record(RAW_IN, b'\x80\xc8\x00\x01\x00\x00\x00\x01', SENDER_ALT),
        record(RAW_IN, b'\xff\xff\xff\xff'), record(RAW_IN, b'\x8f\x60' + bytes(10)),
        record(RAW_IN, b'\x80\xc8\x00\x10' + bytes(4)),
        record(RAW_OUT, b'\x80\xc9\x00\x01\x00\x00\x00\x01', RECEIVER),
        record(RAW_OUT, b'\x80\xcd\x00\x03\x00\x00\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00',
               STRANGER)]),
    'pli_fir_keyframes': b''.join(
        [vp8(0, key=True)] +
        [record(FEEDBACK, bytes([1 + (i % 2), i % 3, i]), RECEIVER, MS150) for i in range(10)] +
        [vp8(s, key=(s == 20)) for s in range(1, 25)]),
    'control_pause_close': b''.join([
        vp8(0, key=True), record(CONTROL, bytes([0, 0])), vp8(1), record(CONTROL, bytes([1, 0])),
        vp8(2), vp8(3, key=True), record(CONTROL, bytes([2])), vp8(4), record(CONTROL, bytes([2])),
        vp8(5, key=True), record(CONTROL, bytes([4, 1])), record(CONTROL, bytes([7])),
        record(CONTROL, bytes([5, 0])), record(CONTROL, bytes([6, 0, 0xff])), vp8(6, key=True),
        vp8(7)]),
    'mid_rid_streams': b''.join(
        [media(MIDRID, s, 1000 * s, 0x12 if s == 0 else 0x10, b'\x10\x10\x00\x00\x9d\x01\x2a')
         for s in range(5)] +
        [media(MIDRID, 50, 3000, 0x28, struct.pack('>H', 5) + b'\x10\x11\x00\x00')]),
    'restart_jump': b''.join([vp8(s, key=(s == 1000)) for s in range(1000, 1005)] +
                             [vp8(s, key=(s == 40000)) for s in range(40000, 40005)]),
}


def main():
    out = os.path.join(sys.argv[1] if len(sys.argv) > 1 else 'fuzzers/corpus', 'plain_transport')
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
