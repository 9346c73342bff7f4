#include "proto/rtcp/sdes.hpp"

#include <doctest/doctest.h>

#include <string>

#include "rtcp_test_util.hpp"

namespace weir::proto::rtcp {
namespace {

using test::Build;
using test::Frame;
using test::Hex;

// Two chunks (RFC 3550 6.5): the first ends with 2 null octets, the second with 3, each to its
// 32-bit boundary. Cross-checked with tshark.
const char* kSdes =
    "82 ca 00 07"
    "11111111 01 04 61626364 00 00"             // CNAME "abcd", end + 1 pad
    "22222222 01 03 78797a 07 02 6869 000000";  // CNAME "xyz", NOTE "hi", end + 2 pad

std::vector<std::pair<uint32_t, std::vector<SdesItem>>> Collect(const Sdes& sdes) {
  std::vector<std::pair<uint32_t, std::vector<SdesItem>>> out;
  auto reader = sdes.chunks();
  while (auto chunk = reader.Next()) {
    std::vector<SdesItem> items;
    chunk->ForEachItem([&](const SdesItem& item) { items.push_back(item); });
    out.emplace_back(chunk->ssrc(), items);
  }
  return out;
}

TEST_CASE("sdes: parses chunks and items") {
  auto bytes = Hex(kSdes);
  auto sdes = Sdes::Parse(Frame(bytes));
  REQUIRE(sdes);
  CHECK(sdes->chunk_count() == 2);
  auto chunks = Collect(*sdes);
  REQUIRE(chunks.size() == 2);
  CHECK(chunks[0].first == 0x11111111);
  CHECK(chunks[0].second == std::vector<SdesItem>{{SdesItemType::kCname, "abcd"}});
  CHECK(chunks[1].first == 0x22222222);
  CHECK(chunks[1].second ==
        std::vector<SdesItem>{{SdesItemType::kCname, "xyz"}, {SdesItemType::kNote, "hi"}});
  auto reader = sdes->chunks();
  reader.Next();
  auto second = reader.Next();
  REQUIRE(second);
  CHECK(second->cname() == "xyz");
  CHECK(second->Find(SdesItemType::kNote) == "hi");
  CHECK_FALSE(second->Find(SdesItemType::kEmail));
  CHECK(second->item_count() == 2);
  CHECK_FALSE(reader.Next());
}

TEST_CASE("sdes: round trip parse -> build -> identical bytes") {
  auto bytes = Hex(kSdes);
  auto sdes = Sdes::Parse(Frame(bytes));
  REQUIRE(sdes);
  auto chunks = Collect(*sdes);
  SdesChunkSpec specs[2] = {{chunks[0].first, chunks[0].second},
                            {chunks[1].first, chunks[1].second}};
  CHECK(Build(SdesBuilder{.chunks = specs}) == bytes);
}

TEST_CASE("sdes: CNAME builder; a 4-aligned item list still gets a whole null word") {
  // SSRC + type + len + 10 bytes = 16: aligned, so the end octet needs a word of its own.
  auto bytes = Build(CnameSdesBuilder{.ssrc = 0xabcdef01, .cname = "0123456789"});
  CHECK(bytes == Hex("81 ca 00 05 abcdef01 01 0a 30313233343536373839 00000000"));
  auto sdes = Sdes::Parse(Frame(bytes));
  REQUIRE(sdes);
  auto reader = sdes->chunks();
  auto chunk = reader.Next();
  REQUIRE(chunk);
  CHECK(chunk->ssrc() == 0xabcdef01);
  CHECK(chunk->cname() == "0123456789");
  // Same bytes as the general builder.
  SdesItem item{SdesItemType::kCname, "0123456789"};
  SdesChunkSpec spec{0xabcdef01, {&item, 1}};
  CHECK(Build(SdesBuilder{.chunks = {&spec, 1}}) == bytes);
}

TEST_CASE("sdes: item text limits; end items refused by the builder") {
  std::string longest(255, 'x');
  auto bytes = Build(CnameSdesBuilder{.ssrc = 1, .cname = longest});
  auto sdes = Sdes::Parse(Frame(bytes));
  REQUIRE(sdes);
  auto reader = sdes->chunks();
  CHECK(reader.Next()->cname()->size() == 255);
  std::string tooLong(256, 'x');
  CHECK(CnameSdesBuilder{.ssrc = 1, .cname = tooLong}.Size() == 0);
  SdesItem end{SdesItemType::kEnd, ""};
  SdesChunkSpec spec{1, {&end, 1}};
  CHECK(SdesBuilder{.chunks = {&spec, 1}}.Size() == 0);
}

TEST_CASE("sdes: empty chunk and empty packet") {
  SdesChunkSpec spec{7, {}};
  auto bytes = Build(SdesBuilder{.chunks = {&spec, 1}});
  CHECK(bytes == Hex("81 ca 00 02 00000007 00000000"));
  auto sdes = Sdes::Parse(Frame(bytes));
  REQUIRE(sdes);
  auto reader = sdes->chunks();
  auto chunk = reader.Next();
  REQUIRE(chunk);
  CHECK(chunk->item_count() == 0);
  CHECK_FALSE(chunk->cname());

  auto none = Build(SdesBuilder{});
  CHECK(none == Hex("80 ca 00 00"));
  CHECK(Sdes::Parse(Frame(none)));
}

TEST_CASE("sdes: malformed chunks are refused") {
  // Item length runs past the packet.
  CHECK_FALSE(test::Parses<Sdes>(Hex("81 ca 00 02 00000001 01 09 6162")));
  // No end octet.
  CHECK_FALSE(test::Parses<Sdes>(Hex("81 ca 00 02 00000001 01 02 6162")));
  // SC says 2, one chunk present.
  CHECK_FALSE(test::Parses<Sdes>(Hex("82 ca 00 02 00000001 00000000")));
  // Type octet as the very last byte, no length.
  CHECK_FALSE(test::Parses<Sdes>(Hex("81 ca 00 02 00000001 01 01 61 07")));
}

TEST_CASE("sdes: truncation and lying lengths") {
  auto bytes = Hex(kSdes);
  auto parse = [](const Packet& p) { return Sdes::Parse(p).has_value(); };
  CHECK(test::ForEachTruncation(bytes, parse) == 0);
  test::CheckLyingLengths(bytes, parse);
}

}  // namespace
}  // namespace weir::proto::rtcp
