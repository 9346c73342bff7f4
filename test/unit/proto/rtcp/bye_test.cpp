#include "proto/rtcp/bye.hpp"

#include <doctest/doctest.h>

#include <string>

#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Build;
using test::Frame;
using test::Hex;

TEST_CASE("bye: one SSRC and a reason (RFC 3550 6.6)") {
  auto bytes = Hex("81 cb 00 02 12345678 03 627965");
  auto bye = Bye::Parse(Frame(bytes));
  REQUIRE(bye);
  REQUIRE(bye->ssrc_count() == 1);
  CHECK(bye->ssrc(0) == 0x12345678);
  CHECK(bye->reason() == "bye");
  uint32_t ssrcs[] = {0x12345678};
  CHECK(Build(ByeBuilder{.ssrcs = ssrcs, .reason = "bye"}) == bytes);
}

TEST_CASE("bye: reason padded with nulls to the word boundary") {
  uint32_t ssrcs[] = {1, 2};
  auto bytes = Build(ByeBuilder{.ssrcs = ssrcs, .reason = "gone"});
  CHECK(bytes == Hex("82 cb 00 04 00000001 00000002 04 676f6e65 000000"));
  auto bye = Bye::Parse(Frame(bytes));
  REQUIRE(bye);
  CHECK(bye->ssrc(1) == 2);
  CHECK(bye->reason() == "gone");
}

TEST_CASE("bye: without a reason; an empty reason is kept distinct") {
  uint32_t ssrcs[] = {0x12345678, 0x9abcdef0};
  auto bytes = Build(ByeBuilder{.ssrcs = ssrcs});
  CHECK(bytes == Hex("82 cb 00 02 12345678 9abcdef0"));
  auto bye = Bye::Parse(Frame(bytes));
  REQUIRE(bye);
  CHECK_FALSE(bye->reason());

  auto empty = Build(ByeBuilder{.ssrcs = {ssrcs, 1}, .reason = ""});
  CHECK(empty == Hex("81 cb 00 02 12345678 00000000"));
  auto e = Bye::Parse(Frame(empty));
  REQUIRE(e);
  CHECK(e->reason() == "");
}

TEST_CASE("bye: round trip through the view") {
  auto bytes = Hex("82 cb 00 04 00000001 00000002 04 676f6e65 000000");
  auto bye = Bye::Parse(Frame(bytes));
  REQUIRE(bye);
  uint32_t ssrcs[2] = {bye->ssrc(0), bye->ssrc(1)};
  CHECK(Build(ByeBuilder{.ssrcs = ssrcs, .reason = bye->reason()}) == bytes);
}

TEST_CASE("bye: reason length past the packet, SSRC count past the packet") {
  CHECK_FALSE(test::Parses<Bye>(Hex("81 cb 00 02 12345678 04 627965")));
  CHECK_FALSE(test::Parses<Bye>(Hex("83 cb 00 02 12345678 9abcdef0")));
  // SC = 0 with nothing else is a valid (if useless) BYE.
  CHECK(test::Parses<Bye>(Hex("80 cb 00 00")));
}

TEST_CASE("bye: limits") {
  std::vector<uint32_t> ssrcs(32);
  CHECK(ByeBuilder{.ssrcs = ssrcs}.Size() == 0);
  std::string longReason(256, 'r');
  CHECK(ByeBuilder{.ssrcs = {ssrcs.data(), 1}, .reason = longReason}.Size() == 0);
  std::string maxReason(255, 'r');
  auto bytes = Build(ByeBuilder{.ssrcs = {ssrcs.data(), 31}, .reason = maxReason});
  auto bye = Bye::Parse(Frame(bytes));
  REQUIRE(bye);
  CHECK(bye->ssrc_count() == 31);
  CHECK(bye->reason()->size() == 255);
}

TEST_CASE("bye: truncation") {
  auto bytes = Hex("82 cb 00 04 00000001 00000002 04 676f6e65 000000");
  // Of the shorter variants only the one cut right after the SSRCs is a valid BYE (without a
  // reason); cut one word later, the reason's length octet (4) runs past the packet.
  size_t accepted =
      test::ForEachTruncation(bytes, [](const Packet& p) { return Bye::Parse(p).has_value(); });
  CHECK(accepted == 1);
}

}  // namespace
}  // namespace weir::proto::rtcp
