#include "proto/codecs/leb128.hpp"

#include <doctest/doctest.h>

#include "codec_test_util.hpp"

namespace weir::proto::codecs {
namespace {

using test::Hex;
using test::Prefix;

TEST_CASE("leb128: values and sizes (AV1 4.10.5)") {
  struct Case {
    const char* hex;
    uint32_t value;
  };
  const Case cases[] = {
      {"00", 0}, {"7f", 127}, {"80 01", 128}, {"e5 8e 26", 624485}, {"ff ff ff ff 0f", 0xffffffff},
  };
  for (const auto& c : cases) {
    const auto bytes = Hex(c.hex);
    const auto v = ReadLeb128(bytes);
    REQUIRE(v);
    CHECK(v->value == c.value);
    CHECK(v->size == bytes.size());
    CHECK(Leb128Size(c.value) == bytes.size());
    std::vector<uint8_t> out(8);
    REQUIRE(WriteLeb128(c.value, out) == bytes.size());
    CHECK(Prefix(out, bytes.size()) == bytes);
    std::vector<uint8_t> tooSmall(bytes.size() - 1);
    CHECK(WriteLeb128(c.value, tooSmall) == 0);
    // Truncated before the last octet.
    for (size_t n = 0; n < bytes.size(); ++n)
      CHECK_FALSE(ReadLeb128(Prefix(bytes, n)));
  }
}

TEST_CASE("leb128: trailing bytes are not read") {
  const auto v = ReadLeb128(Hex("05 ff ff"));
  REQUIRE(v);
  CHECK(v->value == 5);
  CHECK(v->size == 1);
}

TEST_CASE("leb128: non-minimal encodings are valid, up to 8 octets") {
  const auto three = ReadLeb128(Hex("80 80 00"));
  REQUIRE(three);
  CHECK(three->value == 0);
  CHECK(three->size == 3);
  const auto eight = ReadLeb128(Hex("81 80 80 80 80 80 80 00"));
  REQUIRE(eight);
  CHECK(eight->value == 1);
  CHECK(eight->size == 8);
}

TEST_CASE("leb128: refused") {
  CHECK_FALSE(ReadLeb128(Hex("80 80 80 80 80 80 80 80 00")));  // 9 octets.
  CHECK_FALSE(ReadLeb128(Hex("80 80 80 80 10")));              // 2^32.
  CHECK_FALSE(ReadLeb128(Hex("80 80 80 80 80 80 80 01")));     // 2^49.
  CHECK_FALSE(ReadLeb128({}));
}

}  // namespace
}  // namespace weir::proto::codecs
