#include "engine/ice/ice_credentials.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "proto/stun/stun_builder.hpp"

namespace weir::engine {
namespace {

namespace stun = proto::stun;

std::vector<uint8_t> WithUsername(std::string_view username) {
  std::vector<uint8_t> buf(256);
  stun::StunBuilder b(buf, stun::StunClass::kRequest, stun::method::kBinding, {});
  b.AddString(stun::attr::kUsername, username);
  buf.resize(b.Finish());
  return buf;
}

TEST_CASE("generated credentials: RFC 8839 5.4 sizes and characters, all different") {
  std::set<std::string> seen;
  std::set<char> chars;
  for (int i = 0; i < 200; ++i) {
    auto ufrag = GenerateIceUfrag();
    auto password = GenerateIcePassword();
    CHECK(ufrag.size() == kIceUfragLength);
    CHECK(password.size() == kIcePasswordLength);
    CHECK(ufrag.size() >= 4);
    CHECK(password.size() >= 22);
    CHECK(IsIceChars(ufrag));
    CHECK(IsIceChars(password));
    CHECK(seen.insert(ufrag).second);
    CHECK(seen.insert(password).second);
    chars.insert(password.begin(), password.end());
  }
  // 6400 draws over 64 symbols: every one shows up (a biased or constant mapping would not).
  CHECK(chars.size() == 64);
  CHECK(GenerateIceUfrag(4).size() == 4);
  CHECK(GenerateIcePassword(0).empty());
}

TEST_CASE("IsIceChars") {
  CHECK(IsIceChars("azAZ09+/"));
  CHECK(IsIceChars(""));
  CHECK_FALSE(IsIceChars("a:b"));
  CHECK_FALSE(IsIceChars("a b"));
  CHECK_FALSE(IsIceChars("a=b"));
  CHECK_FALSE(IsIceChars(std::string_view("a\0b", 3)));
}

TEST_CASE("LocalUfragOf: the part of USERNAME before the first colon") {
  auto ufragOf = [](std::string_view username) -> std::optional<std::string> {
    auto bytes = WithUsername(username);
    auto msg = stun::StunMessage::Parse(bytes);
    REQUIRE(msg);
    auto u = LocalUfragOf(*msg);
    if (!u) return std::nullopt;
    return std::string(*u);
  };
  CHECK(ufragOf("local:remote") == "local");
  CHECK(ufragOf("local:") == "local");
  CHECK(ufragOf("local:re:mote") == "local");
  CHECK(ufragOf("nocolon") == std::nullopt);
  CHECK(ufragOf(":remote") == std::nullopt);
  CHECK(ufragOf("") == std::nullopt);

  std::vector<uint8_t> buf(64);
  stun::StunBuilder b(buf, stun::StunClass::kRequest, stun::method::kBinding, {});
  buf.resize(b.Finish());
  auto msg = stun::StunMessage::Parse(buf);
  REQUIRE(msg);
  CHECK_FALSE(LocalUfragOf(*msg));
}

TEST_CASE("UsernameMatches") {
  CHECK(UsernameMatches("abcd:efgh", "abcd"));
  CHECK(UsernameMatches("abcd:", "abcd"));
  CHECK_FALSE(UsernameMatches("abcd", "abcd"));
  CHECK_FALSE(UsernameMatches("abcde:efgh", "abcd"));
  CHECK_FALSE(UsernameMatches("abc:efgh", "abcd"));
  CHECK_FALSE(UsernameMatches("ABCD:efgh", "abcd"));
  CHECK_FALSE(UsernameMatches(":efgh", ""));
}

}  // namespace
}  // namespace weir::engine
