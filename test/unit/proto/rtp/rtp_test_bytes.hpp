#pragma once

// Helpers for the RTP tests: bytes from hex text, and a packet buffer whose capacity is exactly
// what the test asks for (heap-allocated, so the sanitizers catch a read or write past it).

#include <cstdint>
#include <string_view>
#include <vector>

namespace weir::proto::rtp::test {

// "80 60 00 01" -> {0x80, 0x60, 0x00, 0x01}; spaces and newlines are ignored.
inline std::vector<uint8_t> Hex(std::string_view text) {
  std::vector<uint8_t> out;
  int high = -1;
  for (char c : text) {
    int v;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else {
      continue;
    }
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  return out;
}

// `bytes` followed by `spare` bytes of capacity filled with 0xEE (so stray writes show).
inline std::vector<uint8_t> WithCapacity(const std::vector<uint8_t>& bytes, size_t spare) {
  std::vector<uint8_t> out(bytes);
  out.resize(bytes.size() + spare, 0xEE);
  return out;
}

inline std::vector<uint8_t> Bytes(std::initializer_list<uint8_t> b) {
  return b;
}

}  // namespace weir::proto::rtp::test
