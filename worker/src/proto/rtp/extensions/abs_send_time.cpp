#include "proto/rtp/extensions/abs_send_time.hpp"

namespace weir::proto::rtp::extensions {

namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kUnitsPerSecond = int64_t{1} << AbsSendTime::kFractionBits;

// Whole 1/2^18 s units since the epoch, rounded down. Split into seconds and remainder so the
// product cannot overflow.
int64_t UnitsFromMicros(int64_t us) {
  int64_t secs = us / kMicrosPerSecond;
  int64_t rem = us % kMicrosPerSecond;
  if (rem < 0) rem += kMicrosPerSecond, --secs;
  return secs * kUnitsPerSecond + (rem * kUnitsPerSecond) / kMicrosPerSecond;
}

// Microseconds of `units`, rounded up.
int64_t MicrosFromUnits(int64_t units) {
  int64_t secs = units >> AbsSendTime::kFractionBits;  // Floor, also for negative values.
  int64_t frac = units & (kUnitsPerSecond - 1);
  return secs * kMicrosPerSecond +
         (frac * kMicrosPerSecond + kUnitsPerSecond - 1) / kUnitsPerSecond;
}

}  // namespace

std::optional<uint32_t> AbsSendTime::Parse(base::ByteView data) {
  if (data.size() != kSize) return std::nullopt;
  return base::LoadBe24(data.data());
}

size_t AbsSendTime::Write(base::MutableByteView out, uint32_t value) {
  if (out.size() < kSize) return 0;
  base::StoreBe24(out.data(), value & kMask);
  return kSize;
}

std::array<uint8_t, AbsSendTime::kSize> AbsSendTime::Serialize(uint32_t value) {
  std::array<uint8_t, kSize> out;
  Write(out, value);
  return out;
}

uint32_t AbsSendTime::FromTimestamp(base::Timestamp t) {
  return static_cast<uint32_t>(UnitsFromMicros(base::ToMicros(t))) & kMask;
}

base::Timestamp AbsSendTime::ToTimestamp(uint32_t value, base::Timestamp reference) {
  int64_t refUnits = UnitsFromMicros(base::ToMicros(reference));
  // Signed 24-bit distance from the reference's value to `value`.
  int64_t diff = static_cast<int64_t>((value - static_cast<uint32_t>(refUnits)) & kMask);
  if (diff >= int64_t{1} << 23) diff -= int64_t{1} << 24;
  return base::FromMicros(MicrosFromUnits(refUnits + diff));
}

}  // namespace weir::proto::rtp::extensions
