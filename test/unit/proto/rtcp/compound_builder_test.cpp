#include "proto/rtcp/compound_builder.hpp"

#include <doctest/doctest.h>

#include <array>
#include <vector>

#include "proto/rtcp/compound_reader.hpp"
#include "proto/rtcp/extended_report.hpp"
#include "proto/rtcp/nack.hpp"
#include "proto/rtcp/pli.hpp"
#include "proto/rtcp/receiver_report.hpp"
#include "proto/rtcp/remb.hpp"
#include "proto/rtcp/sdes.hpp"
#include "proto/rtcp/sender_report.hpp"
#include "proto/rtcp/transport_feedback.hpp"
#include "proto/rtcp/transport_feedback_builder.hpp"
#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Hex;

TEST_CASE("compound builder: SR + SDES + NACK + TCC, read back with the compound reader") {
  std::array<uint8_t, 1200> buf{};
  CompoundBuilder compound(buf);
  CHECK(compound.empty());
  ReportBlock block{.ssrc = 0x2222, .fractionLost = 3, .cumulativeLost = 9};
  REQUIRE(compound.Add(SenderReportBuilder{
      .senderSsrc = 0x1111, .senderInfo = {.ntpTimestamp = 1}, .reportBlocks = {&block, 1}}));
  REQUIRE(compound.Add(CnameSdesBuilder{.ssrc = 0x1111, .cname = "weir"}));
  NackItem item{100, 0x0003};
  REQUIRE(
      compound.Add(NackBuilder{.senderSsrc = 0x1111, .mediaSsrc = 0x2222, .items = {&item, 1}}));
  TransportFeedbackBuilder tcc(0x1111, 0x2222, 0, compound.remaining());
  for (int i = 0; i < 10; ++i)
    REQUIRE(tcc.AddReceived(static_cast<uint16_t>(i), i * 1000));
  REQUIRE(compound.Add(tcc));
  CHECK(compound.packet_count() == 4);

  CompoundReader reader(compound.data());
  auto sr = reader.Next();
  REQUIRE(sr);
  auto srView = SenderReport::Parse(*sr);
  REQUIRE(srView);
  CHECK(srView->report_block(0) == block);
  auto sdes = reader.Next();
  REQUIRE(sdes);
  REQUIRE(Sdes::Parse(*sdes));
  auto chunks = Sdes::Parse(*sdes)->chunks();
  CHECK(chunks.Next()->cname() == "weir");
  auto nack = reader.Next();
  REQUIRE(nack);
  CHECK(Nack::Parse(*nack)->lost_count() == 3);
  auto fb = reader.Next();
  REQUIRE(fb);
  CHECK(TransportFeedback::Parse(*fb)->received_count() == 10);
  CHECK_FALSE(reader.Next());
  CHECK(reader.done());
  CHECK(compound.size() == compound.data().size());
}

TEST_CASE("compound builder: a packet that does not fit is refused and nothing is written") {
  std::array<uint8_t, 64> buf{};
  buf.fill(0xee);
  CompoundBuilder compound(buf, 40);
  REQUIRE(compound.Add(ReceiverReportBuilder{.senderSsrc = 1}));       // 8
  REQUIRE(compound.Add(PliBuilder{.senderSsrc = 1, .mediaSsrc = 2}));  // 12 -> 20
  CHECK(compound.remaining() == 20);
  uint32_t ssrcs[2] = {3, 4};
  CHECK_FALSE(compound.Add(RembBuilder{.senderSsrc = 1, .bitrateBps = 5, .ssrcs = ssrcs}));  // 28
  CHECK(compound.size() == 20);
  CHECK(buf[20] == 0xee);                                                // Untouched.
  REQUIRE(compound.Add(RembBuilder{.senderSsrc = 1, .bitrateBps = 5}));  // 20 -> 40, exactly.
  CHECK(compound.remaining() == 0);
  CHECK(buf[40] == 0xee);
  CHECK_FALSE(compound.Add(PliBuilder{}));
  CompoundReader reader(compound.data());
  size_t n = 0;
  while (reader.Next())
    ++n;
  CHECK(n == 3);
  CHECK(reader.done());
  compound.Clear();
  CHECK(compound.empty());
  CHECK(compound.remaining() == 40);
}

TEST_CASE("compound builder: unencodable builders are refused") {
  std::array<uint8_t, 2000> buf{};
  CompoundBuilder compound(buf);
  CHECK_FALSE(compound.Add(NackBuilder{}));
  CHECK_FALSE(compound.Add(ExtendedReportBuilder{}));
  TransportFeedbackBuilder empty(1, 2, 0);
  CHECK_FALSE(compound.Add(empty));
  CHECK(compound.empty());
}

TEST_CASE("compound builder: AddSerialized checks the framing of what it copies") {
  std::array<uint8_t, 100> buf{};
  CompoundBuilder compound(buf);
  CHECK(compound.AddSerialized(Hex("80 c9 00 01 00000001  81 ce 00 02 00000001 00000002")));
  CHECK(compound.packet_count() == 2);
  CHECK(compound.size() == 20);
  CHECK_FALSE(compound.AddSerialized(Hex("80 c9 00 02 00000001")));  // Length lies.
  CHECK_FALSE(compound.AddSerialized(Hex("40 c9 00 01 00000001")));  // Version 1.
  CHECK_FALSE(compound.AddSerialized({}));
  CHECK(compound.size() == 20);
}

TEST_CASE("compound builder: BufferWriter form appends and fails the writer when full") {
  std::array<uint8_t, 24> buf{};
  base::BufferWriter writer(buf);
  CHECK(PliBuilder{.senderSsrc = 1, .mediaSsrc = 2}.Serialize(writer) == 12);
  CHECK(ReceiverReportBuilder{.senderSsrc = 3}.Serialize(writer) == 8);
  CHECK(writer.ok());
  CHECK(PliBuilder{}.Serialize(writer) == 0);
  CHECK_FALSE(writer.ok());
  CHECK(writer.size() == 20);
  base::BufferWriter writer2(buf);
  CHECK(NackBuilder{}.Serialize(writer2) == 0);  // Nothing encodable also fails the writer.
  CHECK_FALSE(writer2.ok());
}

}  // namespace
}  // namespace weir::proto::rtcp
