#pragma once

// Time in Weir is an input: nothing below io/ reads a clock. The io edge samples a monotonic
// clock and hands the core a Timestamp; tests hand it whatever they like. The origin is the Unix
// epoch as sampled once at start-up, so a Timestamp is monotonic and also convertible to the NTP
// wall-clock format that RTCP sender reports carry.

#include <chrono>
#include <cstdint>

namespace weir::base {

// A clock type with no now(): it only names the epoch and the resolution.
struct CoreClock {
  using rep = int64_t;
  using period = std::micro;
  using duration = std::chrono::duration<rep, period>;
  using time_point = std::chrono::time_point<CoreClock>;
  static constexpr bool is_steady = true;
};

using Duration = CoreClock::duration;
using Timestamp = CoreClock::time_point;

constexpr Timestamp kNever = Timestamp::max();

constexpr int64_t ToMicros(Timestamp t) {
  return t.time_since_epoch().count();
}
constexpr int64_t ToMillis(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
constexpr Timestamp FromMicros(int64_t us) {
  return Timestamp(Duration(us));
}
constexpr Timestamp FromMillis(int64_t ms) {
  return Timestamp(std::chrono::milliseconds(ms));
}

// 64-bit NTP timestamp (RFC 5905: seconds since 1900 in the high 32 bits, fraction in the low).
constexpr uint64_t kNtpEpochOffsetSeconds = 2208988800ULL;
constexpr uint64_t ToNtp(Timestamp t) {
  int64_t us = ToMicros(t);
  uint64_t secs = static_cast<uint64_t>(us / 1000000) + kNtpEpochOffsetSeconds;
  uint64_t frac = (static_cast<uint64_t>(us % 1000000) << 32) / 1000000;
  return (secs << 32) | frac;
}
constexpr Timestamp FromNtp(uint64_t ntp) {
  int64_t secs = static_cast<int64_t>(ntp >> 32) - static_cast<int64_t>(kNtpEpochOffsetSeconds);
  int64_t us = static_cast<int64_t>(((ntp & 0xffffffffULL) * 1000000) >> 32);
  return FromMicros(secs * 1000000 + us);
}
// The middle 32 bits of an NTP timestamp, as RTCP LSR/DLSR and RRTR/DLRR use.
constexpr uint32_t CompactNtp(uint64_t ntp) {
  return static_cast<uint32_t>(ntp >> 16);
}

}  // namespace weir::base
