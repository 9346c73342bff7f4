#include "proto/stun/stun_builder.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "proto/stun/stun_message.hpp"
#include "rfc5769_vectors.hpp"

namespace weir::proto::stun {
namespace {

using test::HexDump;

TransactionId Tid(std::string_view hex) {
  auto bytes = test::Hex(hex);
  TransactionId tid{};
  std::copy(bytes.begin(), bytes.end(), tid.begin());
  return tid;
}

std::vector<uint8_t> Finish(std::vector<uint8_t> buf, const StunBuilder& b) {
  buf.resize(b.Finish());
  return buf;
}

TEST_CASE("rebuilds RFC 5769 2.1 byte for byte") {
  std::vector<uint8_t> buf(256);
  StunBuilder b(buf, StunClass::kRequest, method::kBinding, Tid("b7e7a701bc34d686fa87dfae"));
  b.SetPaddingByte(0x20);
  b.AddString(attr::kSoftware, "STUN test client");
  b.AddUint32(attr::kPriority, 0x6e0001ff);
  b.AddUint64(attr::kIceControlled, 0x932ff9b151263b36);
  b.AddString(attr::kUsername, "evtj:h6vY");
  b.AddMessageIntegrity(HmacSha1Key(test::kShortTermPassword));
  b.AddFingerprint();
  CHECK(Finish(buf, b) == HexDump(test::kSampleRequest));
}

TEST_CASE("rebuilds RFC 5769 2.2 and 2.3 byte for byte") {
  auto build = [](const StunAddress& mapped) {
    std::vector<uint8_t> buf(256);
    StunBuilder b(buf, StunClass::kSuccessResponse, method::kBinding,
                  Tid("b7e7a701bc34d686fa87dfae"));
    b.SetPaddingByte(0x20);
    b.AddString(attr::kSoftware, "test vector");
    b.AddXorAddress(attr::kXorMappedAddress, mapped);
    b.AddMessageIntegrity(HmacSha1Key(test::kShortTermPassword));
    b.AddFingerprint();
    return Finish(buf, b);
  };
  CHECK(build(StunAddress::Ipv4({192, 0, 2, 1}, 32853)) == HexDump(test::kSampleIpv4Response));
  CHECK(build(StunAddress::Ipv6({0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78, 0x00, 0x11, 0x22,
                                 0x33, 0x44, 0x55, 0x66, 0x77},
                                32853)) == HexDump(test::kSampleIpv6Response));
}

TEST_CASE("rebuilds RFC 5769 2.4 byte for byte with the long-term key") {
  const std::string_view username =
      "\xE3\x83\x9E\xE3\x83\x88\xE3\x83\xAA\xE3\x83\x83\xE3\x82\xAF\xE3\x82\xB9";
  auto key = LongTermKey(username, "example.org", "TheMatrIX");
  std::vector<uint8_t> buf(256);
  StunBuilder b(buf, StunClass::kRequest, method::kBinding, Tid("78ad3433c6ad72c029da412e"));
  b.AddString(attr::kUsername, username);
  b.AddString(attr::kNonce, "f//499k954d6OL34oL9FSTvy64sA");
  b.AddString(attr::kRealm, "example.org");
  b.AddMessageIntegrity(HmacSha1Key(base::ByteView(key)));
  CHECK(Finish(buf, b) == HexDump(test::kSampleLongTermRequest));
}

TEST_CASE("parse -> build round trip of every attribute kind") {
  std::vector<uint8_t> buf(512);
  TransactionId tid = Tid("0102030405060708090a0b0c");
  StunBuilder b(buf, StunClass::kErrorResponse, 0x0ABC, tid);
  b.AddString(attr::kUsername, "u:v");
  b.AddUint32(attr::kPriority, 123456);
  b.AddEmpty(attr::kUseCandidate);
  b.AddUint64(attr::kIceControlling, 0xFEDCBA9876543210);
  b.AddUint32(attr::kNomination, 7);
  b.AddErrorCode(487, "Role Conflict");
  const uint16_t unknown[] = {0x0002, 0x0003, 0x0004};
  b.AddUnknownAttributes(unknown);
  b.AddXorAddress(attr::kXorMappedAddress, StunAddress::Ipv4({10, 1, 2, 3}, 5000));
  b.AddString(attr::kSoftware, "weir");
  b.AddString(attr::kRealm, "r");
  b.AddString(attr::kNonce, "n");
  b.AddMessageIntegrity(HmacSha1Key(std::string_view("pw")));
  b.AddFingerprint();
  auto bytes = Finish(buf, b);
  REQUIRE(!bytes.empty());
  CHECK(bytes.size() % 4 == 0);
  auto msg = StunMessage::Parse(bytes);
  REQUIRE(msg);
  CHECK(msg->message_class() == StunClass::kErrorResponse);
  CHECK(msg->method() == 0x0ABC);
  CHECK(msg->transaction_id() == tid);
  CHECK(msg->username() == "u:v");
  CHECK(msg->priority() == 123456u);
  CHECK(msg->use_candidate());
  CHECK(msg->ice_controlling() == 0xFEDCBA9876543210ull);
  CHECK(msg->nomination() == 7u);
  REQUIRE(msg->error_code());
  CHECK(msg->error_code()->code == 487);
  CHECK(msg->error_code()->reason == "Role Conflict");
  uint16_t types[8];
  REQUIRE(msg->ReadUnknownAttributes(types) == 3);
  CHECK(types[2] == 0x0004);
  CHECK(msg->xor_mapped_address() == StunAddress::Ipv4({10, 1, 2, 3}, 5000));
  CHECK(msg->software() == "weir");
  CHECK(msg->realm() == "r");
  CHECK(msg->nonce() == "n");
  CHECK(msg->CheckMessageIntegrity("pw"));
  CHECK(msg->CheckFingerprint());
}

TEST_CASE("every class and method survive the type bit interleaving") {
  for (uint16_t m : {uint16_t{0x001}, uint16_t{0x003}, uint16_t{0x00F}, uint16_t{0x010},
                     uint16_t{0x070}, uint16_t{0x080}, uint16_t{0xFFF}}) {
    for (auto cls : {StunClass::kRequest, StunClass::kIndication, StunClass::kSuccessResponse,
                     StunClass::kErrorResponse}) {
      std::vector<uint8_t> buf(20);
      StunBuilder b(buf, cls, m, TransactionId{});
      REQUIRE(b.Finish() == 20);
      auto msg = StunMessage::Parse(buf);
      REQUIRE(msg);
      CHECK(msg->method() == m);
      CHECK(msg->message_class() == cls);
    }
  }
  // RFC 8489 6: Binding request 0x0001, indication 0x0011, success 0x0101, error 0x0111.
  CHECK(MessageType(StunClass::kRequest, method::kBinding) == 0x0001);
  CHECK(MessageType(StunClass::kIndication, method::kBinding) == 0x0011);
  CHECK(MessageType(StunClass::kSuccessResponse, method::kBinding) == 0x0101);
  CHECK(MessageType(StunClass::kErrorResponse, method::kBinding) == 0x0111);
}

TEST_CASE("a buffer one byte short of any size fails cleanly") {
  auto build = [](base::MutableByteView out) {
    StunBuilder b(out, StunClass::kSuccessResponse, method::kBinding, TransactionId{});
    b.AddString(attr::kSoftware, "abc");
    b.AddXorAddress(attr::kXorMappedAddress, StunAddress::Ipv6({}, 1));
    b.AddMessageIntegrity(HmacSha1Key(std::string_view("k")));
    b.AddFingerprint();
    return b.Finish();
  };
  std::vector<uint8_t> big(256);
  size_t full = build(big);
  REQUIRE(full == 20 + 8 + 24 + 24 + 8);
  for (size_t n = 0; n < full; ++n) {
    CAPTURE(n);
    std::vector<uint8_t> small(n);
    CHECK(build(small) == 0);
  }
}

TEST_CASE("misuse is reported by Finish") {
  std::vector<uint8_t> buf(256);
  HmacSha1Key key(std::string_view("k"));
  {
    StunBuilder b(buf, StunClass::kRequest, method::kBinding, TransactionId{});
    b.AddFingerprint();
    b.AddString(attr::kSoftware, "late");  // Nothing may follow FINGERPRINT.
    CHECK(b.Finish() == 0);
  }
  {
    StunBuilder b(buf, StunClass::kRequest, method::kBinding, TransactionId{});
    b.AddMessageIntegrity(key);
    b.AddString(attr::kSoftware, "late");  // Only FINGERPRINT may follow MESSAGE-INTEGRITY.
    CHECK(b.Finish() == 0);
  }
  {
    StunBuilder b(buf, StunClass::kRequest, method::kBinding, TransactionId{});
    b.AddMessageIntegrity(key);
    b.AddMessageIntegrity(key);
    CHECK(b.Finish() == 0);
  }
  {
    StunBuilder b(buf, StunClass::kRequest, method::kBinding, TransactionId{});
    b.AddFingerprint();
    b.AddFingerprint();
    CHECK(b.Finish() == 0);
  }
  for (uint16_t code : {uint16_t{299}, uint16_t{700}, uint16_t{0}}) {
    StunBuilder b(buf, StunClass::kErrorResponse, method::kBinding, TransactionId{});
    b.AddErrorCode(code, "x");
    CHECK(b.Finish() == 0);
  }
  {
    StunBuilder b(buf, StunClass::kRequest, 0x1000, TransactionId{});  // 13-bit method.
    CHECK(b.Finish() == 0);
  }
  {
    std::vector<uint8_t> huge(70000);
    StunBuilder b(huge, StunClass::kRequest, method::kBinding, TransactionId{});
    b.AddAttribute(0x8000, std::vector<uint8_t>(0x10000));  // Does not fit a 16-bit length.
    CHECK(b.Finish() == 0);
  }
}

TEST_CASE("padding bytes are the chosen value and the length stays a multiple of 4") {
  std::vector<uint8_t> buf(64);
  StunBuilder b(buf, StunClass::kIndication, method::kBinding, TransactionId{});
  b.SetPaddingByte(0xAB);
  b.AddString(attr::kSoftware, "x");
  const uint16_t one[] = {0x0002};
  b.AddUnknownAttributes(one);
  auto bytes = Finish(buf, b);
  REQUIRE(bytes.size() == 20 + 8 + 8);
  CHECK(base::LoadBe16(&bytes[2]) == 16);
  CHECK(bytes[25] == 0xAB);
  CHECK(bytes[26] == 0xAB);
  CHECK(bytes[27] == 0xAB);
  CHECK(bytes[34] == 0xAB);
  CHECK(bytes[35] == 0xAB);
}

}  // namespace
}  // namespace weir::proto::stun
