#include "proto/rtcp/app.hpp"

#include <doctest/doctest.h>

#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Build;
using test::Frame;
using test::Hex;

TEST_CASE("app: subtype, SSRC, name and data (RFC 3550 6.7)") {
  auto bytes = Hex("83 cc 00 04 12345678 57454952 01020304 05060708");
  auto app = App::Parse(Frame(bytes));
  REQUIRE(app);
  CHECK(app->subtype() == 3);
  CHECK(app->ssrc() == 0x12345678);
  CHECK(app->name() == "WEIR");
  CHECK(std::vector<uint8_t>(app->data().begin(), app->data().end()) == Hex("0102030405060708"));
  CHECK(Build(AppBuilder{.subtype = 3, .ssrc = 0x12345678, .name = "WEIR", .data = app->data()}) ==
        bytes);
}

TEST_CASE("app: no data; builder limits") {
  auto bytes = Build(AppBuilder{.subtype = 31, .ssrc = 1, .name = "abcd"});
  CHECK(bytes == Hex("9f cc 00 02 00000001 61626364"));
  CHECK(App::Parse(Frame(bytes))->data().empty());
  uint8_t three[3] = {};
  CHECK(AppBuilder{.name = "abcd", .data = three}.Size() == 0);
  CHECK(AppBuilder{.name = "abc"}.Size() == 0);
  CHECK(AppBuilder{.subtype = 32, .name = "abcd"}.Size() == 0);
}

TEST_CASE("app: truncation and lying lengths") {
  auto bytes = Hex("83 cc 00 04 12345678 57454952 01020304 05060708");
  auto parse = [](const Packet& p) { return App::Parse(p).has_value(); };
  // 3 and 4 words still hold SSRC and name (with less data).
  CHECK(test::ForEachTruncation(bytes, parse) == 2);
  test::CheckLyingLengths(bytes, parse);
}

}  // namespace
}  // namespace weir::proto::rtcp
