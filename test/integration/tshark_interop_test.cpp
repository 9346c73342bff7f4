// Interop with a third-party dissector: packets made by Weir's own builders are written into a
// pcap and decoded by Wireshark's `tshark`, which must find nothing malformed, raise no expert
// warning or error, and read every key field as the builder was asked to write it:
//
//   tshark_interop/rtp.cpp            RTP with one-byte and two-byte extensions (mid, rid,
//                                     abs-send-time, transport-cc, audio level, orientation,
//                                     playout delay, abs-capture-time, dependency descriptor),
//                                     padding, RTX, in-place rewrites
//   tshark_interop/rtcp_reports.cpp   SR, RR, SDES, BYE, APP
//   tshark_interop/rtcp_feedback.cpp  NACK, transport-wide CC, PLI, FIR, REMB, SLI, RPSI,
//                                     XR RRTR+DLRR, a compound
//   tshark_interop/stun.cpp           binding requests, success (IPv4, IPv6) and error (401,
//                                     420, 487) responses, an indication; MESSAGE-INTEGRITY
//                                     checked against OpenSSL's HMAC, FINGERPRINT by tshark
//
// This file tests the harness itself: packets broken on purpose make tshark object (and Weir
// refuse them), or disagree with the independent integrity computation, so the checks of the
// other files can fail. The harness is test/support/tshark_capture.hpp.
//
// tshark is a Debian package that scripts/setup installs; without it every test passes with a
// message saying it was skipped. WEIR_PCAP_DIR=<dir> keeps the captures for a look in
// Wireshark.

#include <string>

#include "proto/rtcp/packet.hpp"
#include "proto/rtcp/pli.hpp"
#include "proto/rtp/rtp_packet.hpp"
#include "proto/stun/stun_builder.hpp"
#include "proto/stun/stun_message.hpp"
#include "tshark_interop/interop.hpp"

namespace weir::interop {
namespace {

namespace rtcp = proto::rtcp;
namespace stun = proto::stun;
using proto::rtp::RtpPacket;

TEST_CASE("tshark objects to packets broken on purpose, and so does Weir") {
  std::vector<CaptureFrame> frames;
  auto add = [&frames](std::string what, uint16_t port, Bytes bytes,
                       std::function<void(const TsharkFrame&)> f) {
    frames.push_back({std::move(what), port, std::move(bytes), std::move(f), false});
  };

  Bytes sr = BuildRtcp(rtcp::PliBuilder{kSenderSsrc, kMediaSsrc});
  sr[3] += 1;  // The length field claims one word more than the datagram holds.
  CHECK(!rtcp::Packet::Parse(sr));
  add("PLI whose length runs past the datagram", test::kRtcpPort, sr,
      [](const TsharkFrame& t) { CHECK(test::TsharkObjects(t)); });

  Bytes rtp = BuildRtp(VideoOneByte(), false);
  // The block length (after 12 + 4 bytes of header and CSRC) now says 1 word: the rid
  // element, which starts at its 4th byte, runs past the block.
  REQUIRE(base::LoadBe16(&rtp[18]) == 9);
  rtp[19] = 1;
  CHECK(!RtpPacket::Parse(rtp, rtp.size()));
  // tshark stops at the block's end without a word: only the field comparison catches this.
  add("RTP whose extension element runs past its block", test::kRtpPort, rtp,
      [](const TsharkFrame& t) {
        CHECK(!test::TsharkObjects(t));
        CHECK(t.Us("rtp.ext.rfc5285.id") == Nums({kMidId}));
        CHECK(t.Us("rtp.ext.rfc5285.id") != Nums({1, 2, 3, 4, 5, 6, 7}));
      });

  Bytes request(256);
  stun::StunBuilder b(request, stun::StunClass::kRequest, stun::method::kBinding, kTid);
  b.AddString(stun::attr::kUsername, "a:b");
  b.AddMessageIntegrity(stun::HmacSha1Key(kLocalPassword));
  b.AddFingerprint();
  request.resize(b.Finish());

  Bytes badCrc = request;
  badCrc.back() ^= 1;
  CHECK(!stun::StunMessage::Parse(badCrc)->CheckFingerprint());
  add("STUN with a wrong FINGERPRINT", test::kStunPort, badCrc, [](const TsharkFrame& t) {
    CHECK(t.U("stun.att.crc32.status") == 0u);  // "bad".
    CHECK(test::TsharkObjects(t));
  });

  Bytes badMac = request;
  badMac[badMac.size() - 9] ^= 1;  // The last byte of the HMAC.
  CHECK(!stun::StunMessage::Parse(badMac)->CheckMessageIntegrity(kLocalPassword));
  add("STUN with a wrong MESSAGE-INTEGRITY", test::kStunPort, badMac, [&](const TsharkFrame& t) {
    CHECK(t.Str("stun.att.hmac") != IndependentIntegrity(badMac, kLocalPassword));
  });

  test::DissectAndCheck("broken", frames,
                        {"rtp.ext.rfc5285.id", "stun.att.crc32.status", "stun.att.hmac"});
}

}  // namespace
}  // namespace weir::interop
