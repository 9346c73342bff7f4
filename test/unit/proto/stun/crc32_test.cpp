#include "proto/stun/crc32.hpp"

#include <doctest/doctest.h>

#include <string_view>

namespace weir::proto::stun {
namespace {

base::ByteView Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST_CASE("CRC-32 check values") {
  // The standard check value of CRC-32/ISO-HDLC (the V.42 / zlib CRC): "123456789".
  CHECK(Crc32(Bytes("123456789")) == 0xCBF43926u);
  CHECK(Crc32({}) == 0u);
  CHECK(Crc32(Bytes("a")) == 0xE8B7BE43u);
  CHECK(Crc32(Bytes("The quick brown fox jumps over the lazy dog")) == 0x414FA339u);
}

TEST_CASE("CRC-32 chains over pieces") {
  auto all = Bytes("The quick brown fox jumps over the lazy dog");
  for (size_t cut = 0; cut <= all.size(); ++cut) {
    CHECK(Crc32Update(Crc32(all.first(cut)), all.subspan(cut)) == Crc32(all));
  }
}

}  // namespace
}  // namespace weir::proto::stun
