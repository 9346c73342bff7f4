// Which producer a packet belongs to when its SSRC was never announced: by MID (RFC 8843) or
// RID (RFC 8852), after which the SSRC is learned; and header extension ids remapped from the
// producer's to the router's on the way through (header_extension_map.hpp).

#include "sfu/rtp_listener.hpp"

#include <doctest/doctest.h>

#include "proto/rtp/extensions/extension_uris.hpp"
#include "proto/rtp/rtx.hpp"
#include "sfu/header_extension_map.hpp"
#include "video_room.hpp"

using namespace weir;
using namespace weir::test;
namespace uris = weir::proto::rtp::extensions;

namespace {

std::vector<uint8_t> Text(std::string_view s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

// A VP8 producer announced by MID and RID only, with ids other than the router's (MID 5, RID 6,
// repaired RID 7; the router uses 1, 2, 3).
sfu::RtpParameters MidRidParameters(std::string mid) {
  auto params = Vp8ProducerParameters(0, kSenderPt, 0, kSenderRtxPt);
  params.mid = std::move(mid);
  params.encodings[0].ssrc.reset();
  params.encodings[0].rtx.reset();
  params.encodings[0].rid.emplace(1, 'q');
  params.headerExtensions = {Extension(uris::kMidUri, 5), Extension(uris::kRidUri, 6),
                             Extension(uris::kRepairedRidUri, 7)};
  return params;
}

std::vector<uint8_t> MidRidPacket(uint32_t ssrc, uint16_t seq, std::string_view mid,
                                  std::string_view rid, bool withExtensions = true) {
  RtpSpec spec{kSenderPt, seq, 1000u * seq, ssrc, false, {}, Vp8Payload(seq == 0)};
  if (withExtensions) spec.extensions = {{5, Text(mid)}, {6, Text(rid)}};
  return BuildRtp(spec);
}

}  // namespace

TEST_CASE_FIXTURE(VideoRoom,
                  "producers announced by MID and RID are found, and their SSRCs learned") {
  sfu::Producer& p0 = Produce(in, "p0", sfu::MediaKind::kVideo, MidRidParameters("0"));
  sfu::Producer& p1 = Produce(in, "p1", sfu::MediaKind::kVideo, MidRidParameters("1"));
  Consume(outA, "a", "p0");
  Consume(outB, "b", "p1");
  CHECK(in.rtp_listener().mid_table().size() == 2);
  CHECK(in.rtp_listener().ssrc_count() == 0);

  Send(*sender, LocalAddress(in), MidRidPacket(0xa, 0, "0", "q"));
  Send(*sender, LocalAddress(in), MidRidPacket(0xb, 0, "1", "q"));
  CHECK(in.rtp_listener().FindBySsrc(0xa) == &p0);
  CHECK(in.rtp_listener().FindBySsrc(0xb) == &p1);
  // Senders stop sending MID and RID once they know they were understood.
  Send(*sender, LocalAddress(in), MidRidPacket(0xa, 1, "", "", false));
  Send(*sender, LocalAddress(in), MidRidPacket(0xb, 1, "", "", false));
  auto atA = RtpOf(*receiverA);
  auto atB = RtpOf(*receiverB);
  REQUIRE(atA.size() == 2);
  REQUIRE(atB.size() == 2);
  CHECK(p0.Stream(0)->ssrc() == 0xa);
  CHECK(p1.Stream(0)->ssrc() == 0xb);
  // MID (sendrecv in the router) goes on with the router's id 1; RID (recvonly) is dropped.
  CHECK(atA[0].extensions.size() == 1);
  CHECK(atA[0].extensions.at(1) == Text("0"));
  CHECK(atB[0].extensions.at(1) == Text("1"));
  CHECK(atA[1].extensions.empty());
  // An unknown MID, or a known MID with an unknown RID, belongs to nobody.
  Send(*sender, LocalAddress(in), MidRidPacket(0xc, 0, "2", "q"));
  Send(*sender, LocalAddress(in), MidRidPacket(0xd, 0, "0", "zz"));
  CHECK(in.counters().unknownSsrcPackets == 2);
  CHECK(RtpOf(*receiverA).size() == 2);
}

TEST_CASE_FIXTURE(VideoRoom, "RTX announced by repaired RID is learned and repairs the stream") {
  sfu::Producer& p0 = Produce(in, "p0", sfu::MediaKind::kVideo, MidRidParameters("0"));
  Consume(outA, "a", "p0");
  Send(*sender, LocalAddress(in), MidRidPacket(0xa, 0, "0", "q"));
  Send(*sender, LocalAddress(in), MidRidPacket(0xa, 2, "0", "q"));  // 1 lost.
  // Its RTX: MID and repaired RID, RTX payload type, OSN 1.
  auto original = MidRidPacket(0xa, 1, "0", "q", false);
  const size_t length = original.size();
  original.resize(length + 32);  // Room for the OSN and the extensions.
  auto rtp = proto::rtp::RtpPacket::Parse(base::MutableByteView(original), length);
  REQUIRE(rtp.has_value());
  REQUIRE(proto::rtp::RtxEncapsulate(*rtp, kSenderRtxPt, 0xab, 900));
  REQUIRE(rtp->SetExtension(5, Text("0")));
  REQUIRE(rtp->SetExtension(7, Text("q")));
  original.resize(rtp->size());
  Send(*sender, LocalAddress(in), original);
  CHECK(p0.RtxSsrc(0) == 0xabu);
  CHECK(p0.Stream(0)->counters().packetsRepaired == 1);
  auto atA = RtpOf(*receiverA);
  REQUIRE(atA.size() == 3);
  CHECK(atA[2].seq == static_cast<uint16_t>(atA[0].seq + 1));
  CHECK(atA[2].payload == ParseRtp(MidRidPacket(0xa, 1, "0", "q"))->payload);
}

TEST_CASE_FIXTURE(VideoRoom, "without a MID, RIDs find the producer") {
  auto params = MidRidParameters("");
  sfu::Producer& p = Produce(in, "p", sfu::MediaKind::kVideo, params);
  Consume(outA, "a", "p");
  CHECK(in.rtp_listener().rid_table().size() == 1);
  RtpSpec spec{kSenderPt, 0, 0, 0x77, false, {{6, Text("q")}}, Vp8Payload(true)};
  Send(*sender, LocalAddress(in), BuildRtp(spec));
  CHECK(in.rtp_listener().FindBySsrc(0x77) == &p);
  CHECK(RtpOf(*receiverA).size() == 1);
  // A second producer may not take the same RID without a MID.
  CHECK_THROWS_AS(Produce(in, "p2", sfu::MediaKind::kVideo, params), sfu::Error);
}

TEST_CASE_FIXTURE(VideoRoom,
                  "header extension ids are rewritten from the producer's to the router's") {
  auto params = Vp8ProducerParameters(kSenderSsrc);
  params.headerExtensions = {Extension(uris::kAbsSendTimeUri, 9),
                             Extension(uris::kVideoOrientationUri, 7),
                             Extension("urn:ietf:params:rtp-hdrext:toffset", 3),
                             Extension("urn:example:not-in-the-router", 6)};
  Produce(in, "p", sfu::MediaKind::kVideo, params);
  auto& a = ConsumeOn(outA, "a");
  // The consumer's parameters name the router's ids.
  std::map<std::string, uint8_t> ids;
  for (const auto& e : a.rtpParameters().headerExtensions)
    ids[e.uri] = e.id;
  CHECK(ids.at(std::string(uris::kAbsSendTimeUri)) == 4);
  CHECK(ids.at(std::string(uris::kVideoOrientationUri)) == 11);
  CHECK(ids.at("urn:ietf:params:rtp-hdrext:toffset") == 12);

  const std::vector<uint8_t> abs{0x12, 0x34, 0x56}, vo{0x01}, toffset{0, 0, 7}, foreign{9, 9};
  RtpSpec spec{kSenderPt,       0,    0,
               kSenderSsrc,     true, {{9, abs}, {7, vo}, {3, toffset}, {6, foreign}, {14, {1}}},
               Vp8Payload(true)};
  Send(*sender, LocalAddress(in), BuildRtp(spec));
  auto rtp = RtpOf(*receiverA);
  REQUIRE(rtp.size() == 1);
  CHECK(rtp[0].extensions ==
        std::map<uint8_t, std::vector<uint8_t>>{{4, abs}, {11, vo}, {12, toffset}});
  CHECK(rtp[0].payload == Vp8Payload(true));
  // The second consumer of the same (already mapped) packet sees the same.
  ConsumeOn(outB, "b");
  spec.seq = 1;
  Send(*sender, LocalAddress(in), BuildRtp(spec));
  auto atB = RtpOf(*receiverB);
  REQUIRE(atB.size() == 1);
  CHECK(atB[0].extensions == rtp[0].extensions);
}

TEST_CASE("HeaderExtensionMap: identity when the ids agree, a drop when the router lacks one") {
  using sfu::HeaderExtensionMap;
  std::vector<sfu::RtpHeaderExtensionParameters> router{Extension(uris::kMidUri, 1),
                                                        Extension(uris::kAbsSendTimeUri, 4)};
  CHECK(HeaderExtensionMap({Extension(uris::kMidUri, 1)}, router).identity());
  CHECK_FALSE(HeaderExtensionMap({Extension(uris::kMidUri, 2)}, router).identity());
  CHECK_FALSE(HeaderExtensionMap({Extension("urn:x", 3)}, router).identity());

  HeaderExtensionMap map({Extension(uris::kMidUri, 4), Extension(uris::kAbsSendTimeUri, 1)},
                         router);
  // Swapped ids: each value must land under the other id.
  RtpSpec spec{96, 1, 2, 3, false, {{4, Text("m")}, {1, {1, 2, 3}}}, {0xaa}};
  auto bytes = BuildRtp(spec);
  auto packet = proto::rtp::RtpPacket::Parse(base::MutableByteView(bytes), bytes.size());
  REQUIRE(packet.has_value());
  REQUIRE(map.Apply(*packet));
  CHECK(packet->GetExtension(1).has_value());
  CHECK(std::vector<uint8_t>(packet->GetExtension(1)->begin(), packet->GetExtension(1)->end()) ==
        Text("m"));
  CHECK(std::vector<uint8_t>(packet->GetExtension(4)->begin(), packet->GetExtension(4)->end()) ==
        std::vector<uint8_t>{1, 2, 3});
  CHECK(packet->payload_size() == 1);
  CHECK(packet->payload()[0] == 0xaa);
}
