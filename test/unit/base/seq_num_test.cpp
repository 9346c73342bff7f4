// Serial-number comparison (RFC 1982 style) and extension of 16/32-bit counters (RFC 3550 A.1).

#include "base/seq_num.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace weir::base {
namespace {

TEST_CASE("SeqNewer on 16-bit sequence numbers") {
  CHECK(SeqNewer<uint16_t>(1, 0));
  CHECK_FALSE(SeqNewer<uint16_t>(0, 1));
  CHECK_FALSE(SeqNewer<uint16_t>(5, 5));
  CHECK(SeqNewerOrEqual<uint16_t>(5, 5));
  // Across the wrap: 0 follows 65535.
  CHECK(SeqNewer<uint16_t>(0, 65535));
  CHECK_FALSE(SeqNewer<uint16_t>(65535, 0));
  CHECK(SeqNewer<uint16_t>(10, 65530));
  // Up to half the range forward is newer.
  CHECK(SeqNewer<uint16_t>(0x7FFF, 0));
  CHECK_FALSE(SeqNewer<uint16_t>(0x8001, 0));
  CHECK(SeqNewer<uint16_t>(0, 0x8001));
  // Exactly opposite: exactly one of the two is newer, whatever the pair.
  for (uint32_t a = 0; a < 65536; a += 257) {
    auto x = static_cast<uint16_t>(a);
    auto y = static_cast<uint16_t>(a + 0x8000);
    CHECK(SeqNewer(x, y) != SeqNewer(y, x));
  }
  CHECK(SeqForward<uint16_t>(2, 65534) == 4);
  CHECK(SeqForward<uint16_t>(65534, 2) == 65532);
}

TEST_CASE("SeqNewer is antisymmetric for every distance (8-bit exhaustive)") {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      auto x = static_cast<uint8_t>(a), y = static_cast<uint8_t>(b);
      if (x == y) {
        CHECK_FALSE(SeqNewer(x, y));
      } else {
        CHECK(SeqNewer(x, y) != SeqNewer(y, x));
      }
    }
  }
}

TEST_CASE("SeqNewer on 32-bit timestamps") {
  CHECK(SeqNewer<uint32_t>(0, 0xFFFFFFFF));
  CHECK(SeqNewer<uint32_t>(90000, 0));
  CHECK_FALSE(SeqNewer<uint32_t>(0, 90000));
  CHECK(SeqNewer<uint32_t>(0x7FFFFFFF, 0));
  CHECK_FALSE(SeqNewer<uint32_t>(0x80000001, 0));
}

TEST_CASE("SeqUnwrapper counts cycles across wrap-arounds (RFC 3550 A.1)") {
  SeqUnwrapper<uint16_t> u;
  CHECK_FALSE(u.has_last());
  CHECK(u.Unwrap(65534) == 65534);
  CHECK(u.Unwrap(65535) == 65535);
  CHECK(u.Unwrap(0) == 65536);
  CHECK(u.Unwrap(1) == 65537);
  CHECK(u.last_extended() == 65537);
  // Three more cycles of consecutive packets.
  int64_t expected = 65537;
  for (int i = 0; i < 3 * 65536; ++i) {
    ++expected;
    REQUIRE(u.Unwrap(static_cast<uint16_t>(expected)) == expected);
  }
  // The extended number as an RTCP RR carries it: cycles in the high 16 bits.
  CHECK((expected >> 16) == 4);
  CHECK(static_cast<uint16_t>(expected) == 1);
}

TEST_CASE("SeqUnwrapper: reordered packets keep their cycle and do not advance") {
  SeqUnwrapper<uint16_t> u;
  CHECK(u.Unwrap(65533) == 65533);
  CHECK(u.Unwrap(1) == 65537);      // Jumped over the wrap (3 lost so far).
  CHECK(u.Unwrap(65535) == 65535);  // Late packet from the previous cycle.
  CHECK(u.Unwrap(0) == 65536);
  CHECK(u.last_extended() == 65537);  // The late ones did not move the high mark.
  CHECK(u.Unwrap(2) == 65538);
  CHECK(u.Unwrap(2) == 65538);  // A duplicate maps to the same value.
}

TEST_CASE("SeqUnwrapper: a packet from before the first one maps below it") {
  SeqUnwrapper<uint16_t> u;
  CHECK(u.Unwrap(5) == 5);
  CHECK(u.Unwrap(65535) == -1);
  CHECK(u.Unwrap(6) == 6);
}

TEST_CASE("SeqUnwrapper: jumps of up to half the range move forward") {
  SeqUnwrapper<uint16_t> u;
  CHECK(u.Unwrap(0) == 0);
  CHECK(u.Unwrap(0x7FFF) == 0x7FFF);
  CHECK(u.Unwrap(0xFFFE) == 0xFFFE);
  CHECK(u.Unwrap(0x7FFD) == 0x17FFD);
  // Exactly half a range ahead is taken as forward (SeqNewer's tie-break).
  SeqUnwrapper<uint16_t> v;
  CHECK(v.Unwrap(0) == 0);
  CHECK(v.Unwrap(0x8000) == 0x8000);
  CHECK(v.Unwrap(0) == 0);  // And exactly half behind is backward.
}

TEST_CASE("SeqUnwrapper::Peek agrees with Unwrap and records nothing") {
  SeqUnwrapper<uint16_t> u;
  CHECK(u.Peek(7) == 7);
  CHECK_FALSE(u.has_last());
  u.Unwrap(65530);
  for (uint16_t v : {65530, 65535, 0, 10, 30000, 40000, 60000}) {
    int64_t peeked = u.Peek(v);
    SeqUnwrapper<uint16_t> copy = u;
    CHECK(copy.Unwrap(v) == peeked);
    CHECK(u.last_extended() == 65530);
  }
}

TEST_CASE("SeqUnwrapper::Reset starts over") {
  SeqUnwrapper<uint16_t> u;
  u.Unwrap(65535);
  u.Unwrap(3);
  u.Reset();
  CHECK_FALSE(u.has_last());
  CHECK(u.Unwrap(100) == 100);
}

TEST_CASE("SeqUnwrapper recovers the true order under random reordering") {
  std::mt19937 rng(7);
  SeqUnwrapper<uint16_t> u;
  const int64_t start = 60000;
  std::vector<int64_t> truth;
  for (int64_t i = 0; i < 300000; ++i)
    truth.push_back(start + i);
  // Swap packets up to 500 positions apart (far less than half the range).
  for (size_t i = 0; i + 1 < truth.size(); ++i) {
    if (rng() % 10 == 0) std::swap(truth[i], truth[std::min(truth.size() - 1, i + rng() % 500)]);
  }
  // Start from the true first packet so the extended values line up with `truth`.
  std::swap(truth[0], *std::find(truth.begin(), truth.end(), start));
  for (int64_t t : truth)
    REQUIRE(u.Unwrap(static_cast<uint16_t>(t)) == t);
}

TEST_CASE("SeqUnwrapper on 32-bit RTP timestamps") {
  SeqUnwrapper<uint32_t> u;
  CHECK(u.Unwrap(0xFFFFF000) == 0xFFFFF000);
  CHECK(u.Unwrap(0x00001000) == 0x100001000);
  CHECK(u.Unwrap(0xFFFFFF00) == 0xFFFFFF00);
  CHECK(u.Unwrap(0x80000000) == 0x180000000);
}

TEST_CASE("SeqUnwrapper on 8-bit counters (e.g. VP8 TL0PICIDX)") {
  SeqUnwrapper<uint8_t> u;
  int64_t expected = 250;
  CHECK(u.Unwrap(250) == 250);
  for (int i = 0; i < 1000; ++i) {
    ++expected;
    REQUIRE(u.Unwrap(static_cast<uint8_t>(expected)) == expected);
  }
}

}  // namespace
}  // namespace weir::base
