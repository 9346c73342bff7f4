#include "proto/rtcp/nack.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Build;
using test::Frame;
using test::Hex;

// Two items (RFC 4585 6.2.1): PID 100 with BLP bits 0 and 15 (101 and 116 lost too), and PID
// 65520 alone. tshark: "Frames 101 116 lost".
const char* kNack = "81 cd 00 04 00000001 00000002 0064 8001 fff0 0000";

std::vector<uint16_t> Expand(const Nack& nack) {
  std::vector<uint16_t> out;
  nack.ForEachLost([&](uint16_t seq) { out.push_back(seq); });
  return out;
}

TEST_CASE("nack: parses items and expands them") {
  auto bytes = Hex(kNack);
  auto nack = Nack::Parse(Frame(bytes));
  REQUIRE(nack);
  CHECK(nack->sender_ssrc() == 1);
  CHECK(nack->media_ssrc() == 2);
  REQUIRE(nack->item_count() == 2);
  CHECK(nack->item(0) == NackItem{100, 0x8001});
  CHECK(nack->item(1) == NackItem{65520, 0});
  CHECK(nack->lost_count() == 4);
  CHECK(Expand(*nack) == std::vector<uint16_t>{100, 101, 116, 65520});
  uint16_t out[3];
  CHECK(nack->ExpandLost(out) == 3);  // Stops when full.
  CHECK(out[2] == 116);
}

TEST_CASE("nack: round trip parse -> build -> identical bytes") {
  auto bytes = Hex(kNack);
  auto nack = Nack::Parse(Frame(bytes));
  REQUIRE(nack);
  NackItem items[2] = {nack->item(0), nack->item(1)};
  CHECK(Build(NackBuilder{.senderSsrc = 1, .mediaSsrc = 2, .items = items}) == bytes);
}

TEST_CASE("nack: BLP expansion wraps past 65535") {
  NackItem item{65530, 0xffff};
  std::vector<uint16_t> seqs;
  item.ForEachLost([&](uint16_t s) { seqs.push_back(s); });
  REQUIRE(seqs.size() == 17);
  CHECK(item.LostCount() == 17);
  CHECK(seqs.front() == 65530);
  CHECK(seqs[5] == 65535);
  CHECK(seqs[6] == 0);
  CHECK(seqs.back() == 10);
}

TEST_CASE("nack: minimal items from a sorted list of lost seqs") {
  NackItem out[8];
  SUBCASE("one item covers PID..PID+16") {
    uint16_t lost[] = {10, 11, 13, 26};
    auto r = BuildNackItems(lost, out);
    CHECK(r.itemCount == 1);
    CHECK(r.seqCount == 4);
    CHECK(out[0] == NackItem{10, 0x8000 | 0x0004 | 0x0001});
  }
  SUBCASE("PID+17 starts a new item") {
    uint16_t lost[] = {10, 27, 28};
    auto r = BuildNackItems(lost, out);
    REQUIRE(r.itemCount == 2);
    CHECK(out[0] == NackItem{10, 0});
    CHECK(out[1] == NackItem{27, 0x0001});
  }
  SUBCASE("wraparound") {
    uint16_t lost[] = {65534, 65535, 0, 5, 14};
    auto r = BuildNackItems(lost, out);
    REQUIRE(r.itemCount == 1);
    CHECK(out[0] == NackItem{65534, 0x0001 | 0x0002 | 0x0040 | 0x8000});
  }
  SUBCASE("duplicates are absorbed") {
    uint16_t lost[] = {7, 7, 8, 8, 40, 40};
    auto r = BuildNackItems(lost, out);
    REQUIRE(r.itemCount == 2);
    CHECK(r.seqCount == 6);
    CHECK(out[0] == NackItem{7, 0x0001});
    CHECK(out[1] == NackItem{40, 0});
  }
  SUBCASE("stops when out is full and says where to resume") {
    uint16_t lost[] = {1, 100, 200, 300};
    auto r = BuildNackItems(lost, std::span<NackItem>(out, 2));
    CHECK(r.itemCount == 2);
    CHECK(r.seqCount == 2);
    auto rest = BuildNackItems(std::span<const uint16_t>(lost).subspan(r.seqCount), out);
    CHECK(rest.itemCount == 2);
    CHECK(out[0].pid == 200);
  }
  SUBCASE("empty") {
    auto r = BuildNackItems({}, out);
    CHECK(r.itemCount == 0);
    CHECK(r.seqCount == 0);
  }
}

TEST_CASE("nack: build from seqs, parse, expand gives the seqs back") {
  std::vector<uint16_t> lost;
  for (uint32_t s = 65000; s < 65000 + 900; s += (s % 7 == 0 ? 1 : 3)) {
    lost.push_back(static_cast<uint16_t>(s));
  }
  std::vector<NackItem> items(lost.size());
  auto r = BuildNackItems(lost, items);
  CHECK(r.seqCount == lost.size());
  items.resize(r.itemCount);
  auto bytes = Build(NackBuilder{.senderSsrc = 5, .mediaSsrc = 6, .items = items});
  auto nack = Nack::Parse(Frame(bytes));
  REQUIRE(nack);
  CHECK(Expand(*nack) == lost);
}

TEST_CASE("nack: limits") {
  CHECK(NackBuilder{}.Size() == 0);  // No items.
  CHECK(NackBuilder::MaxItemsFor(11) == 0);
  CHECK(NackBuilder::MaxItemsFor(16) == 1);
  CHECK(NackBuilder::MaxItemsFor(1200) == 297);
}

TEST_CASE("nack: truncation, lying lengths, wrong FMT") {
  auto bytes = Hex(kNack);
  auto parse = [](const Packet& p) { return Nack::Parse(p).has_value(); };
  // Shortened to 4 words it still holds one item.
  CHECK(test::ForEachTruncation(bytes, parse) == 1);
  test::CheckLyingLengths(bytes, parse);
  auto tcc = bytes;
  tcc[0] = 0x8f;
  CHECK_FALSE(Nack::Parse(Frame(tcc)));
  auto psfb = bytes;
  psfb[1] = 206;
  CHECK_FALSE(Nack::Parse(Frame(psfb)));
}

}  // namespace
}  // namespace weir::proto::rtcp
