#include "proto/stun/stun_message.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "proto/stun/stun_builder.hpp"
#include "rfc5769_vectors.hpp"

namespace weir::proto::stun {
namespace {

using test::HexDump;
using test::kShortTermPassword;

std::optional<StunMessage> ParseBytes(const std::vector<uint8_t>& bytes) {
  return StunMessage::Parse(base::ByteView(bytes.data(), bytes.size()));
}

TransactionId Tid(std::string_view hex) {
  auto bytes = test::Hex(hex);
  TransactionId tid{};
  std::copy(bytes.begin(), bytes.end(), tid.begin());
  return tid;
}

// Offsets where one attribute ends and the next begins (and the end), for a valid message.
std::vector<size_t> AttributeBoundaries(const std::vector<uint8_t>& m) {
  std::vector<size_t> out;
  size_t pos = kHeaderSize;
  out.push_back(pos);
  while (pos < m.size()) {
    size_t n = base::LoadBe16(&m[pos + 2]);
    pos += 4 + n + base::PadTo4(n);
    out.push_back(pos);
  }
  return out;
}

void SetLength(std::vector<uint8_t>& m, size_t length) {
  base::StoreBe16(&m[2], static_cast<uint16_t>(length));
}

// RFC 4013 SASLprep, reduced to what RFC 5769 2.4's password needs: U+00AD SOFT HYPHEN is
// "commonly mapped to nothing" (RFC 3454 B.1); U+00AA and U+2168 are NFKC-normalised to "a"
// and "IX". A full SASLprep is not part of Weir (ICE credentials are ASCII ice-chars).
std::string SaslPrepForVector(std::string_view in) {
  std::string out(in);
  auto replace = [&out](std::string_view from, std::string_view to) {
    for (size_t at; (at = out.find(from)) != std::string::npos;)
      out.replace(at, from.size(), to);
  };
  replace("\xC2\xAD", "");
  replace("\xC2\xAA", "a");
  replace("\xE2\x85\xA8", "IX");
  return out;
}

TEST_CASE("RFC 5769 2.1 sample request") {
  auto bytes = HexDump(test::kSampleRequest);
  REQUIRE(bytes.size() == 108);
  auto msg = ParseBytes(bytes);
  REQUIRE(msg);
  CHECK(msg->message_class() == StunClass::kRequest);
  CHECK(msg->method() == method::kBinding);
  CHECK(msg->IsBindingRequest());
  CHECK(msg->transaction_id() == Tid("b7e7a701bc34d686fa87dfae"));
  CHECK(msg->software() == "STUN test client");
  CHECK(msg->priority() == 0x6e0001ffu);
  CHECK(msg->ice_controlled() == 0x932ff9b151263b36ull);
  CHECK_FALSE(msg->ice_controlling());
  CHECK_FALSE(msg->use_candidate());
  CHECK(msg->username() == "evtj:h6vY");
  CHECK(msg->unknown_comprehension_required().empty());
  CHECK(msg->has_message_integrity());
  CHECK(msg->has_fingerprint());
  CHECK(msg->CheckMessageIntegrity(kShortTermPassword));
  CHECK(msg->CheckMessageIntegrity(HmacSha1Key(kShortTermPassword)));
  CHECK_FALSE(msg->CheckMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBT"));
  CHECK_FALSE(msg->CheckMessageIntegrity(""));
  CHECK(msg->CheckFingerprint());
}

TEST_CASE("RFC 5769 2.2 sample IPv4 response") {
  auto bytes = HexDump(test::kSampleIpv4Response);
  REQUIRE(bytes.size() == 80);
  auto msg = ParseBytes(bytes);
  REQUIRE(msg);
  CHECK(msg->message_class() == StunClass::kSuccessResponse);
  CHECK(msg->method() == method::kBinding);
  CHECK(msg->software() == "test vector");
  auto mapped = msg->xor_mapped_address();
  REQUIRE(mapped);
  CHECK(*mapped == StunAddress::Ipv4({192, 0, 2, 1}, 32853));
  CHECK(msg->CheckMessageIntegrity(kShortTermPassword));
  CHECK(msg->CheckFingerprint());
}

TEST_CASE("RFC 5769 2.3 sample IPv6 response") {
  auto bytes = HexDump(test::kSampleIpv6Response);
  REQUIRE(bytes.size() == 92);
  auto msg = ParseBytes(bytes);
  REQUIRE(msg);
  CHECK(msg->message_class() == StunClass::kSuccessResponse);
  auto mapped = msg->xor_mapped_address();
  REQUIRE(mapped);
  CHECK(mapped->family == StunAddress::Family::kIpv6);
  CHECK(*mapped == StunAddress::Ipv6({0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78, 0x00, 0x11,
                                      0x22, 0x33, 0x44, 0x55, 0x66, 0x77},
                                     32853));
  CHECK(msg->CheckMessageIntegrity(kShortTermPassword));
  CHECK(msg->CheckFingerprint());
}

TEST_CASE("RFC 5769 2.4 sample request with long-term authentication") {
  auto bytes = HexDump(test::kSampleLongTermRequest);
  REQUIRE(bytes.size() == 116);
  auto msg = ParseBytes(bytes);
  REQUIRE(msg);
  CHECK(msg->IsBindingRequest());
  CHECK(msg->transaction_id() == Tid("78ad3433c6ad72c029da412e"));
  // <U+30DE><U+30C8><U+30EA><U+30C3><U+30AF><U+30B9> in UTF-8.
  const std::string_view username =
      "\xE3\x83\x9E\xE3\x83\x88\xE3\x83\xAA\xE3\x83\x83\xE3\x82\xAF\xE3\x82\xB9";
  CHECK(msg->username() == username);
  CHECK(msg->nonce() == "f//499k954d6OL34oL9FSTvy64sA");
  CHECK(msg->realm() == "example.org");
  CHECK_FALSE(msg->has_fingerprint());
  CHECK_FALSE(msg->CheckFingerprint());

  // "The<U+00AD>M<U+00AA>tr<U+2168>" before SASLprep, "TheMatrIX" after.
  const std::string rawPassword = "The\xC2\xADM\xC2\xAAtr\xE2\x85\xA8";
  const std::string password = SaslPrepForVector(rawPassword);
  CHECK(password == "TheMatrIX");
  auto key = LongTermKey(username, "example.org", password);
  CHECK(msg->CheckMessageIntegrity(base::ByteView(key)));
  // The key is MD5 over exactly username:realm:password; anything else fails.
  CHECK_FALSE(msg->CheckMessageIntegrity(
      base::ByteView(LongTermKey(username, "example.org", rawPassword))));
  CHECK_FALSE(msg->CheckMessageIntegrity(password));
}

TEST_CASE("every RFC 5769 vector fails when truncated at any offset") {
  for (auto vector : {test::kSampleRequest, test::kSampleIpv4Response, test::kSampleIpv6Response,
                      test::kSampleLongTermRequest}) {
    auto bytes = HexDump(vector);
    for (size_t n = 0; n < bytes.size(); ++n) {
      CAPTURE(n);
      CHECK_FALSE(StunMessage::Parse(base::ByteView(bytes.data(), n)));
    }
  }
}

TEST_CASE("truncated with the length field lying to match: only attribute boundaries parse") {
  for (auto vector : {test::kSampleRequest, test::kSampleIpv4Response, test::kSampleIpv6Response,
                      test::kSampleLongTermRequest}) {
    auto full = HexDump(vector);
    auto boundaries = AttributeBoundaries(full);
    for (size_t n = kHeaderSize; n < full.size(); ++n) {
      CAPTURE(n);
      std::vector<uint8_t> cut(full.begin(), full.begin() + n);
      SetLength(cut, n - kHeaderSize);
      bool boundary = std::find(boundaries.begin(), boundaries.end(), n) != boundaries.end();
      auto msg = ParseBytes(cut);
      CHECK(msg.has_value() == boundary);
      if (msg) CHECK_FALSE(msg->CheckFingerprint());  // FINGERPRINT was cut off.
    }
  }
}

TEST_CASE("header framing: lying message length, cookie, top bits, alignment") {
  auto good = HexDump(test::kSampleRequest);
  REQUIRE(ParseBytes(good));
  for (size_t length : {size_t{0}, size_t{4}, good.size() - kHeaderSize - 4,
                        good.size() - kHeaderSize + 4, size_t{0xFFFC}}) {
    CAPTURE(length);
    auto m = good;
    SetLength(m, length);
    CHECK_FALSE(ParseBytes(m));
  }
  {
    auto m = good;
    SetLength(m, good.size() - kHeaderSize - 2);  // Not a multiple of 4.
    CHECK_FALSE(ParseBytes(m));
  }
  {
    auto m = good;
    m[4] ^= 0x01;  // Magic cookie.
    CHECK_FALSE(ParseBytes(m));
  }
  for (uint8_t top : {0x40, 0x80, 0xC0}) {
    auto m = good;
    m[0] |= top;
    CHECK_FALSE(ParseBytes(m));
  }
  {
    // Trailing bytes beyond the announced length: over UDP the datagram is the message.
    auto m = good;
    m.insert(m.end(), {0, 0, 0, 0});
    CHECK_FALSE(ParseBytes(m));
  }
  {
    // A header alone is a valid, empty message.
    std::vector<uint8_t> m(good.begin(), good.begin() + kHeaderSize);
    SetLength(m, 0);
    auto msg = ParseBytes(m);
    REQUIRE(msg);
    CHECK_FALSE(msg->username());
    CHECK_FALSE(msg->CheckMessageIntegrity(kShortTermPassword));
  }
}

TEST_CASE("attribute lengths that lie") {
  auto good = HexDump(test::kSampleRequest);
  // SOFTWARE is the first attribute, at offset 20, value size 16.
  for (uint16_t lie : {uint16_t{17}, uint16_t{20}, uint16_t{89}, uint16_t{0xFFFF}}) {
    CAPTURE(lie);
    auto m = good;
    base::StoreBe16(&m[22], lie);  // Runs past the end or leaves a fragment behind.
    CHECK_FALSE(ParseBytes(m));
  }
  {
    // Shorter by 4: the next "attribute" starts inside SOFTWARE's value, at "ient": type
    // 0x6965 with a length of 0x6e74, past the end.
    auto m = good;
    base::StoreBe16(&m[22], 12);
    CHECK_FALSE(ParseBytes(m));
  }
  {
    // Zero-length SOFTWARE is fine on its own, but the old value is then read as attributes.
    auto m = good;
    base::StoreBe16(&m[22], 0);
    CHECK_FALSE(ParseBytes(m));
  }
  struct Case {
    size_t offset;  // Of the attribute's length field.
    uint16_t size;
  };
  // PRIORITY at 40, ICE-CONTROLLED at 48, MESSAGE-INTEGRITY at 76, FINGERPRINT at 100: each
  // shortened, so that the next attribute header is read from the middle of a value.
  for (Case c : {Case{42, 0}, Case{50, 4}, Case{78, 16}, Case{78, 0}, Case{102, 0}}) {
    CAPTURE(c.offset);
    auto m = good;
    base::StoreBe16(&m[c.offset], c.size);
    CHECK_FALSE(ParseBytes(m));
  }
}

// Builds a message from raw (type, value) attributes with no integrity or fingerprint.
std::vector<uint8_t> Message(std::initializer_list<std::pair<uint16_t, std::vector<uint8_t>>> as) {
  std::vector<uint8_t> buf(2048);
  StunBuilder b(buf, StunClass::kRequest, method::kBinding, Tid("000102030405060708090a0b"));
  for (const auto& [type, value] : as)
    b.AddAttribute(type, value);
  buf.resize(b.Finish());
  REQUIRE(!buf.empty());
  return buf;
}

TEST_CASE("FINGERPRINT must be last") {
  auto good = HexDump(test::kSampleRequest);
  auto m = good;
  m.insert(m.end(), {0x80, 0x22, 0x00, 0x00});  // Empty SOFTWARE after FINGERPRINT.
  SetLength(m, m.size() - kHeaderSize);
  CHECK_FALSE(ParseBytes(m));

  auto twice = good;
  twice.insert(twice.end(), good.end() - 8, good.end());  // FINGERPRINT again.
  SetLength(twice, twice.size() - kHeaderSize);
  CHECK_FALSE(ParseBytes(twice));
}

TEST_CASE("attributes after MESSAGE-INTEGRITY are ignored, except FINGERPRINT") {
  auto good = HexDump(test::kSampleRequest);
  // Insert USE-CANDIDATE and an unknown comprehension-required type between MI and FP.
  auto m = good;
  std::vector<uint8_t> extra = {0x00, 0x25, 0x00, 0x00, 0x7F, 0x00, 0x00, 0x00};
  m.insert(m.end() - 8, extra.begin(), extra.end());
  SetLength(m, m.size() - kHeaderSize);
  auto msg = ParseBytes(m);
  REQUIRE(msg);
  CHECK_FALSE(msg->use_candidate());
  CHECK(msg->unknown_comprehension_required().empty());
  CHECK_FALSE(msg->FindAttribute(0x7F00));
  CHECK(msg->CheckMessageIntegrity(kShortTermPassword));
  CHECK_FALSE(msg->CheckFingerprint());  // The fingerprint no longer covers these bytes.
}

TEST_CASE("unknown comprehension-required attributes are collected for a 420") {
  auto m = Message({{0x0002, {}},                 // RESPONSE-ADDRESS (RFC 3489), unknown here.
                    {0x8000, {1, 2, 3, 4}},       // Comprehension-optional: ignored.
                    {0x0003, {1}},                // CHANGE-REQUEST-like, unknown.
                    {0x0002, {}},                 // Duplicate: listed once.
                    {attr::kUseCandidate, {}}});  // Known.
  auto msg = ParseBytes(m);
  REQUIRE(msg);
  auto unknown = msg->unknown_comprehension_required();
  REQUIRE(unknown.size() == 2);
  CHECK(unknown[0] == 0x0002);
  CHECK(unknown[1] == 0x0003);
  CHECK(msg->use_candidate());
  auto v = msg->FindAttribute(0x8000);
  REQUIRE(v);
  CHECK(v->size() == 4);
  auto v3 = msg->FindAttribute(0x0003);
  REQUIRE(v3);
  CHECK(v3->size() == 1);
  CHECK((*v3)[0] == 1);
}

TEST_CASE("unknown attribute list is capped without failing") {
  std::vector<uint8_t> buf(2048);
  StunBuilder b(buf, StunClass::kRequest, method::kBinding, Tid("000102030405060708090a0b"));
  for (uint16_t t = 0x0040; t < 0x0040 + 20; ++t)
    b.AddEmpty(t);
  buf.resize(b.Finish());
  auto msg = ParseBytes(buf);
  REQUIRE(msg);
  REQUIRE(msg->unknown_comprehension_required().size() == StunMessage::kMaxUnknownAttributes);
  CHECK(msg->unknown_comprehension_required()[7] == 0x0047);
}

TEST_CASE("first occurrence of a known attribute wins") {
  auto m = Message({{attr::kUsername, {'a', ':', 'b'}}, {attr::kUsername, {'c', ':', 'd'}}});
  auto msg = ParseBytes(m);
  REQUIRE(msg);
  CHECK(msg->username() == "a:b");
}

TEST_CASE("ICE attributes, NOMINATION, ERROR-CODE and UNKNOWN-ATTRIBUTES decode") {
  auto m = Message({{attr::kIceControlling, {1, 2, 3, 4, 5, 6, 7, 8}},
                    {attr::kNomination, {0xFF, 0x01, 0x02, 0x03}},
                    {attr::kErrorCode, {0, 0, 4, 20, 'U', 'n', 'k'}},
                    {attr::kUnknownAttributes, {0x00, 0x02, 0x00, 0x03}}});
  auto msg = ParseBytes(m);
  REQUIRE(msg);
  CHECK(msg->ice_controlling() == 0x0102030405060708ull);
  CHECK(msg->nomination() == 0x010203u);  // 24 bits.
  auto ec = msg->error_code();
  REQUIRE(ec);
  CHECK(ec->code == 420);
  CHECK(ec->reason == "Unk");
  uint16_t types[4];
  REQUIRE(msg->ReadUnknownAttributes(types) == 2);
  CHECK(types[0] == 2);
  CHECK(types[1] == 3);
  uint16_t one[1];
  CHECK(msg->ReadUnknownAttributes(one) == 1);
}

TEST_CASE("malformed known attribute values reject the message") {
  std::vector<uint8_t> longName(kMaxUsernameSize + 1, 'x');
  std::vector<uint8_t> longText(kMaxTextSize + 1, 'x');
  for (auto m : {Message({{attr::kErrorCode, {0, 0, 2, 0}}}),                     // Class 2.
                 Message({{attr::kErrorCode, {0, 0, 7, 0}}}),                     // Class 7.
                 Message({{attr::kErrorCode, {0, 0, 4, 100}}}),                   // Number 100.
                 Message({{attr::kErrorCode, {0, 0, 4}}}),                        // Too short.
                 Message({{attr::kXorMappedAddress, {0, 1, 0, 0}}}),              // v4 too short.
                 Message({{attr::kXorMappedAddress, {0, 2, 0, 0, 1, 2, 3, 4}}}),  // v6 size 8.
                 Message({{attr::kXorMappedAddress, {0, 3, 0, 0, 1, 2, 3, 4}}}),  // Family 3.
                 Message({{attr::kUseCandidate, {0}}}), Message({{attr::kNomination, {0, 0}}}),
                 Message({{attr::kUnknownAttributes, {0, 1, 0}}}),
                 Message({{attr::kMessageIntegritySha256, std::vector<uint8_t>(12)}}),
                 Message({{attr::kMessageIntegritySha256, std::vector<uint8_t>(18)}}),
                 Message({{attr::kUsername, longName}}), Message({{attr::kSoftware, longText}})}) {
    CHECK_FALSE(ParseBytes(m));
  }
  CHECK(ParseBytes(Message({{attr::kUsername, std::vector<uint8_t>(kMaxUsernameSize, 'x')}})));
  CHECK(ParseBytes(Message({{attr::kErrorCode, {0, 0, 6, 99}}})));
}

TEST_CASE("tampering breaks MESSAGE-INTEGRITY and FINGERPRINT") {
  auto good = HexDump(test::kSampleRequest);
  // Flip one bit in each byte covered by both (before MESSAGE-INTEGRITY, outside the length
  // field and the type's top bits, which framing would reject).
  for (size_t i = 4; i < 76; ++i) {
    CAPTURE(i);
    auto m = good;
    m[i] ^= 0x01;
    auto msg = ParseBytes(m);
    if (!msg) continue;  // E.g. the cookie or an attribute length.
    CHECK_FALSE(msg->CheckMessageIntegrity(kShortTermPassword));
    CHECK_FALSE(msg->CheckFingerprint());
  }
  auto m = good;
  m[80] ^= 0x01;  // Inside the HMAC value: integrity fails, the fingerprint too.
  auto msg = ParseBytes(m);
  REQUIRE(msg);
  CHECK_FALSE(msg->CheckMessageIntegrity(kShortTermPassword));
  CHECK_FALSE(msg->CheckFingerprint());
  m = good;
  m[107] ^= 0x01;  // Inside the CRC: only the fingerprint fails.
  msg = ParseBytes(m);
  REQUIRE(msg);
  CHECK(msg->CheckMessageIntegrity(kShortTermPassword));
  CHECK_FALSE(msg->CheckFingerprint());
}

TEST_CASE("MESSAGE-INTEGRITY-SHA256 is recognised and verified, full or truncated") {
  for (size_t macSize : {size_t{32}, size_t{16}, size_t{20}}) {
    CAPTURE(macSize);
    std::vector<uint8_t> buf(256);
    StunBuilder b(buf, StunClass::kRequest, method::kBinding, Tid("000102030405060708090a0b"));
    b.AddString(attr::kUsername, "a:b");
    b.AddAttribute(attr::kMessageIntegritySha256, std::vector<uint8_t>(macSize));
    buf.resize(b.Finish());
    REQUIRE(!buf.empty());
    // RFC 8489 14.6: over the message up to the attribute, the length already ending after it.
    size_t off = buf.size() - 4 - macSize;
    uint8_t mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), "key", 3, buf.data(), off, mac, &len);
    REQUIRE(len == 32);
    std::copy(mac, mac + macSize, buf.begin() + static_cast<std::ptrdiff_t>(off + 4));
    auto msg = ParseBytes(buf);
    REQUIRE(msg);
    CHECK(msg->has_message_integrity_sha256());
    CHECK_FALSE(msg->has_message_integrity());
    CHECK(msg->CheckMessageIntegritySha256("key"));
    CHECK_FALSE(msg->CheckMessageIntegritySha256("kez"));
    CHECK_FALSE(msg->CheckMessageIntegrity("key"));
    buf[off + 4] ^= 1;
    CHECK_FALSE(ParseBytes(buf)->CheckMessageIntegritySha256("key"));
  }
}

}  // namespace
}  // namespace weir::proto::stun
