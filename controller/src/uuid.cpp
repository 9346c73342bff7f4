#include "weir/uuid.hpp"

#include <cstdint>
#include <random>

namespace weir {

std::string GenerateUuid() {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }()};
  uint64_t high = engine();
  uint64_t low = engine();
  // RFC 9562 5.4: version 4 in bits 48-51, variant 0b10 in bits 64-65.
  high = (high & ~0xF000ULL) | 0x4000ULL;
  low = (low & ~(0xC000ULL << 48)) | (0x8000ULL << 48);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  auto append = [&](uint64_t value, int fromNibble, int count) {
    for (int i = 0; i < count; ++i)
      out.push_back(kHex[(value >> (4 * (fromNibble - i))) & 0xF]);
  };
  append(high, 15, 8);
  out.push_back('-');
  append(high, 7, 4);
  out.push_back('-');
  append(high, 3, 4);
  out.push_back('-');
  append(low, 15, 4);
  out.push_back('-');
  append(low, 11, 12);
  return out;
}

}  // namespace weir
