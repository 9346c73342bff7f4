#include "proto/rtp/extensions/abs_send_time.hpp"

#include <doctest/doctest.h>

#include <vector>

namespace weir::proto::rtp::extensions {
namespace {

TEST_CASE("AbsSendTime wire format: 24 bits, 6.18 fixed point") {
  std::vector<uint8_t> wire{0x06, 0x00, 0x00};
  CHECK(AbsSendTime::Parse(wire) == 0x060000u);  // 1.5 s
  CHECK_FALSE(AbsSendTime::Parse(std::vector<uint8_t>{0x06, 0x00}));
  CHECK_FALSE(AbsSendTime::Parse(std::vector<uint8_t>{0x06, 0x00, 0x00, 0x00}));
  CHECK(AbsSendTime::Serialize(0xABCDEF) == std::array<uint8_t, 3>{0xAB, 0xCD, 0xEF});
  CHECK(AbsSendTime::Serialize(0x12ABCDEF) == std::array<uint8_t, 3>{0xAB, 0xCD, 0xEF});
  std::vector<uint8_t> out(2);
  CHECK(AbsSendTime::Write(out, 1) == 0);
  out.resize(3);
  CHECK(AbsSendTime::Write(out, 0x010203) == 3);
  CHECK(out == std::vector<uint8_t>{1, 2, 3});
}

TEST_CASE("AbsSendTime from a Timestamp") {
  CHECK(AbsSendTime::FromTimestamp(base::FromMicros(1'500'000)) == 0x060000u);
  CHECK(AbsSendTime::FromTimestamp(base::FromMicros(64'000'000)) == 0u);  // Wraps every 64 s.
  CHECK(AbsSendTime::FromTimestamp(base::FromMicros(63'999'999)) == 0xFFFFFFu);
  // 1700000000 s is a multiple of 64 s: 0.25 s into the window.
  CHECK(AbsSendTime::FromTimestamp(base::FromMicros(1'700'000'000'250'000)) == 0x010000u);
  // It is bits 14..37 of the NTP time: the Unix/NTP epoch offset is a multiple of 64 s.
  for (int64_t us = 1'700'000'000'000'000; us < 1'700'000'000'000'000 + 200'000'000;
       us += 999'983) {
    auto t = base::FromMicros(us);
    CHECK(AbsSendTime::FromTimestamp(t) == ((base::ToNtp(t) >> 14) & 0xFFFFFF));
  }
}

TEST_CASE("AbsSendTime to a Timestamp near a reference") {
  const auto ref = base::FromMicros(1'700'000'010'000'000);  // 10 s into a 64 s window.
  // Exact grid points convert back exactly.
  CHECK(AbsSendTime::ToTimestamp(AbsSendTime::FromTimestamp(ref), ref) == ref);
  // 2 s later and 2 s earlier.
  auto later = AbsSendTime::FromTimestamp(ref + std::chrono::seconds(2));
  CHECK(AbsSendTime::ToTimestamp(later, ref) == ref + std::chrono::seconds(2));
  auto earlier = AbsSendTime::FromTimestamp(ref - std::chrono::seconds(2));
  CHECK(AbsSendTime::ToTimestamp(earlier, ref) == ref - std::chrono::seconds(2));
  // Across the 64 s wrap: 30 s after the reference is in the next window.
  auto wrapped = AbsSendTime::FromTimestamp(ref + std::chrono::seconds(60));
  CHECK(AbsSendTime::ToTimestamp(wrapped, ref + std::chrono::seconds(58)) ==
        ref + std::chrono::seconds(60));
  // Every 24-bit value maps back to itself, whatever the reference.
  for (uint32_t v = 0; v <= 0xFFFFFF; v += 4093) {
    for (int64_t r : {0LL, 17LL, 1'700'000'012'345'678LL}) {
      auto t = AbsSendTime::ToTimestamp(v, base::FromMicros(r));
      CHECK(AbsSendTime::FromTimestamp(t) == v);
      CHECK(std::chrono::abs(t - base::FromMicros(r)) <= std::chrono::seconds(32));
    }
  }
}

}  // namespace
}  // namespace weir::proto::rtp::extensions
