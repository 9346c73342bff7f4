// mid, rid and repaired-rid values (RFC 8843, RFC 8852, RFC 7941).

#include "proto/rtp/extensions/sdes_token.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "proto/rtp/extensions/mid.hpp"
#include "proto/rtp/extensions/repaired_rid.hpp"
#include "proto/rtp/extensions/rid.hpp"

namespace weir::proto::rtp::extensions {
namespace {

base::ByteView View(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST_CASE("Mid parses tokens and returns a view") {
  std::string wire = "0";
  auto v = Mid::Parse(View(wire));
  REQUIRE(v);
  CHECK(*v == "0");
  CHECK(v->data() == wire.data());
  CHECK(Mid::Parse(View("audio")) == std::optional<std::string_view>("audio"));
  // Firefox uses braces, which are token characters (RFC 4566 9, %x5E-7E).
  CHECK(Mid::Parse(View("{1a2b-3c}")) == std::optional<std::string_view>("{1a2b-3c}"));
  CHECK(Mid::Parse(View("a.b!#$%&'*+^_`|~")));
}

TEST_CASE("Mid rejects what is not a token") {
  CHECK_FALSE(Mid::Parse({}));
  CHECK_FALSE(Mid::Parse(View("a b")));
  CHECK_FALSE(Mid::Parse(View("a\"b")));
  CHECK_FALSE(Mid::Parse(View("a(b")));
  CHECK_FALSE(Mid::Parse(View("a,b")));
  CHECK_FALSE(Mid::Parse(View("\x7f")));
  CHECK_FALSE(Mid::Parse(View("\xc3\xa9")));
}

TEST_CASE("SDES tokens: trailing NULs are dropped, embedded ones are not") {
  using namespace std::string_view_literals;
  CHECK(Rid::Parse(View("lo\0\0"sv)) == std::optional<std::string_view>("lo"));
  CHECK_FALSE(Rid::Parse(View("l\0o"sv)));
  CHECK_FALSE(Rid::Parse(View("\0"sv)));
  CHECK_FALSE(Mid::Parse(View("\0\0\0"sv)));
}

TEST_CASE("Rid and RepairedRid accept only rid-id characters (RFC 8851 10)") {
  for (auto* parse : {&Rid::Parse, &RepairedRid::Parse}) {
    CHECK(parse(View("hi")) == std::optional<std::string_view>("hi"));
    CHECK(parse(View("q-1_Z9")) == std::optional<std::string_view>("q-1_Z9"));
    CHECK_FALSE(parse(View("a.b")));
    CHECK_FALSE(parse(View("{x}")));
    CHECK_FALSE(parse(View("a b")));
    CHECK_FALSE(parse({}));
  }
}

TEST_CASE("SDES token length limits") {
  std::string max(255, 'a');
  CHECK(Rid::Parse(View(max)));
  std::string over(256, 'a');
  CHECK_FALSE(Rid::Parse(View(over)));
}

TEST_CASE("SDES token Write") {
  std::vector<uint8_t> out(4, 0xEE);
  CHECK(Mid::Write(out, "ab") == 2);
  CHECK(out == std::vector<uint8_t>{'a', 'b', 0xEE, 0xEE});
  CHECK(Rid::Write(out, "abcd") == 4);
  CHECK(Rid::Write(out, "abcde") == 0);  // Does not fit.
  CHECK(Rid::Write(out, "a.b") == 0);    // Not a rid-id.
  CHECK(Mid::Write(out, "") == 0);
  CHECK(Mid::IsValid("x"));
  CHECK_FALSE(RepairedRid::IsValid("x y"));
  // Round trip.
  CHECK(Rid::Parse(base::ByteView(out).first(4)) == std::optional<std::string_view>("abcd"));
}

}  // namespace
}  // namespace weir::proto::rtp::extensions
