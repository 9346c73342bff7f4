# Regenerates the seed corpus of fuzz_rtcp_compound: the byte vectors of the RTCP unit tests
# (test/unit/proto/rtcp/), one file per packet kind, a few compounds and a few malformed ones.
#   python3 fuzzers/seeds/rtcp_compound.py fuzzers/corpus/rtcp_compound
import os, sys

out = sys.argv[1] if len(sys.argv) > 1 else 'fuzzers/corpus/rtcp_compound'
seeds = {
    'sr_one_block': "81c8000c 12345678 e49a1b2c 40000000 0001e240 000003e8 000f4240"
                    " 87654321 19fffffe 00010064 0000002a b12c4000 00018000",
    'rr_two_blocks': "82c9000d 0badf00d 11111111 00000000 0000ffff 00000010 00000000 00000000"
                     " 22222222 ff7fffff 12345678 00000100 aabbccdd 00002000",
    'sdes_two_chunks': "82ca0007 11111111 01046162 63640000 22222222 0103 78797a 0702 6869 000000",
    'bye_reason': "82cb0004 00000001 00000002 04 676f6e65 000000",
    'app': "83cc0004 12345678 57454952 01020304 05060708",
    'nack': "81cd0004 00000001 00000002 00648001 fff00000",
    'pli': "81ce0002 00000001 00000002",
    'sli': "82ce0003 00000001 00000002 0007ffff",
    'rpsi': "83ce0004 00000001 00000002 0860abcd 00000000",
    'fir': "84ce0006 00000001 00000000 abcdef01 07000000 12345678 ff000000",
    'remb': "8fce0006 00000001 00000000 52454d42 020bd090 11111111 22222222",
    'remb_max_exponent': "8fce0005 00000001 00000000 52454d42 01ffffff 11111111",
    'xr_rrtr_dlrr': "80cf0008 12345678 04000002 e49a1b2c 40000000 05000003 87654321 1b2c4000"
                    " 00018000",
    'xr_unknown_blocks': "80cf000d 12345678 07000002 aaaaaaaa bbbbbbbb 04000001 cccccccc"
                         " 05000002 dddddddd eeeeeeee 04ff0002 00000001 00000002 05000000",
    'tcc_all_chunk_kinds': "afcd000b 00000001 0000000a fffe0018 1234562a d490affe 2003"
                           " 0408fffc10 010101010101010101010101 00ff02 0002",
    'tcc_zero_runs': "8fcd0006 00000001 00000002 00000001 00000000 0000 0000 2001 0500",
    'compound_sr_sdes_nack_pli': "80c80006 00000001 00000000 00000002 00000000 00000000 00000000"
                                 " 81ca0003 00000001 01047765 69720000"
                                 " 81cd0003 00000001 00000002 00640003"
                                 " 81ce0002 00000001 00000002",
    'compound_unknown_type_middle': "80c90001 00000001 80d20002 deadbeef cafebabe"
                                    " 81c30001 00000007 81ce0002 00000001 00000002",
    'compound_truncated_last': "80c90001 00000001 81ce0005 00000001 00000002",
    'padding_too_large': "a0c90002 00000003 000000ff",
}
os.makedirs(out, exist_ok=True)
for name, text in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(bytes.fromhex(''.join(text.split())))
