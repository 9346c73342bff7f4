// tshark interop: STUN binding requests, success and error responses and indications
// (RFC 8489, ICE attributes of RFC 8445 16.1), with MESSAGE-INTEGRITY and FINGERPRINT.

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

#include "interop.hpp"
#include "proto/stun/binding_response.hpp"
#include "proto/stun/stun_builder.hpp"
#include "proto/stun/stun_message.hpp"

namespace weir::interop {

namespace stun = proto::stun;

std::string IndependentIntegrity(ByteView msg, std::string_view key) {
  for (size_t pos = stun::kHeaderSize; pos + 4 <= msg.size();) {
    const uint16_t type = base::LoadBe16(&msg[pos]);
    const size_t length = base::LoadBe16(&msg[pos + 2]);
    if (type == stun::attr::kMessageIntegrity) {
      Bytes covered(msg.begin(), msg.begin() + static_cast<std::ptrdiff_t>(pos));
      base::StoreBe16(&covered[2], static_cast<uint16_t>(pos + 4 + 20 - stun::kHeaderSize));
      uint8_t mac[EVP_MAX_MD_SIZE];
      unsigned int macSize = 0;
      REQUIRE(HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), covered.data(),
                   covered.size(), mac, &macSize) != nullptr);
      return Hex(ByteView(mac, macSize));
    }
    pos += 4 + length + base::PadTo4(length);
  }
  return "";
}

namespace {

struct StunExpect {
  uint16_t type = 0;
  std::vector<uint16_t> attributes;
  std::string integrityKey;  // "" without MESSAGE-INTEGRITY.
};

void CheckStun(const TsharkFrame& t, ByteView msg, const StunExpect& e) {
  CHECK(t.U("stun.type") == e.type);
  // tshark shows the class bits where the type's mask 0x0110 puts them, shifted by 4: C1 at
  // 0x10, C0 at 0x01.
  const auto cls = static_cast<uint8_t>(stun::ClassOf(e.type));
  CHECK(t.U("stun.type.class") == (((cls & 2u) << 3) | (cls & 1u)));
  CHECK(t.U("stun.type.method") == stun::MethodOf(e.type));
  CHECK(t.U("stun.length") == msg.size() - stun::kHeaderSize);
  CHECK(t.Str("stun.cookie") == "2112a442");
  CHECK(t.Str("stun.id") == Hex(kTid));
  std::vector<std::optional<uint64_t>> types;
  for (uint16_t a : e.attributes)
    types.push_back(a);
  CHECK(t.Us("stun.att.type") == types);
  // FINGERPRINT (RFC 8489 14.7): tshark recomputes the CRC-32; status 1 is "good".
  CHECK(t.U("stun.att.crc32.status") == 1u);
  if (!e.integrityKey.empty()) {
    const std::string mac = IndependentIntegrity(msg, e.integrityKey);
    CHECK(mac.size() == 40);
    CHECK(t.Str("stun.att.hmac") == mac);
  } else {
    CHECK(!t.Has("stun.att.hmac"));
  }
  // And Weir accepts its own message.
  auto parsed = stun::StunMessage::Parse(msg);
  REQUIRE(parsed);
  CHECK(parsed->type() == e.type);
  CHECK(parsed->CheckFingerprint());
  if (!e.integrityKey.empty()) CHECK(parsed->CheckMessageIntegrity(e.integrityKey));
}

TEST_CASE("tshark reads Weir's STUN binding requests, responses and indications") {
  std::vector<CaptureFrame> frames;
  auto add = [&frames](std::string what, Bytes bytes, std::function<void(const TsharkFrame&)> f) {
    frames.push_back({std::move(what), test::kStunPort, std::move(bytes), std::move(f)});
  };
  using stun::attr::kErrorCode, stun::attr::kFingerprint, stun::attr::kIceControlling,
      stun::attr::kMessageIntegrity, stun::attr::kPriority, stun::attr::kUseCandidate,
      stun::attr::kUsername, stun::attr::kXorMappedAddress, stun::attr::kUnknownAttributes;

  // A connectivity check as a controlling browser sends it (RFC 8445 7.2.2).
  Bytes request(256);
  {
    stun::StunBuilder b(request, stun::StunClass::kRequest, stun::method::kBinding, kTid);
    b.AddString(kUsername, "localUfrag:remoteUfrag");
    b.AddUint32(kPriority, 0x6e0001ff);
    b.AddUint64(kIceControlling, 0x0102030405060708);
    b.AddEmpty(kUseCandidate);
    b.AddMessageIntegrity(stun::HmacSha1Key(kLocalPassword));
    b.AddFingerprint();
    request.resize(b.Finish());
    REQUIRE(!request.empty());
  }
  add("binding request: USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, integrity", request,
      [&](const TsharkFrame& t) {
        CheckStun(t, request,
                  {0x0001,
                   {kUsername, kPriority, kIceControlling, kUseCandidate, kMessageIntegrity,
                    kFingerprint},
                   std::string(kLocalPassword)});
        CHECK(t.Str("stun.att.username") == "localUfrag:remoteUfrag");
        CHECK(t.U("stun.att.priority") == 0x6e0001ffu);
        CHECK(t.Str("stun.att.tie-breaker") == "0102030405060708");
      });

  auto parsedRequest = stun::StunMessage::Parse(request);
  REQUIRE(parsedRequest);
  const stun::HmacSha1Key localKey(kLocalPassword);

  Bytes v4(stun::kMaxBindingResponseSize);
  v4.resize(stun::BuildBindingSuccessResponse(
      *parsedRequest, stun::StunAddress::Ipv4({192, 0, 2, 1}, 32853), localKey, v4));
  add("binding success response, IPv4 XOR-MAPPED-ADDRESS", v4, [&](const TsharkFrame& t) {
    CheckStun(t, v4,
              {0x0101,
               {kXorMappedAddress, kMessageIntegrity, kFingerprint},
               std::string(kLocalPassword)});
    CHECK(t.U("stun.att.family") == 1u);
    CHECK(t.Str("stun.att.ipv4") == "192.0.2.1");
    CHECK(t.U("stun.att.port") == 32853u);
  });

  Bytes v6(stun::kMaxBindingResponseSize);
  v6.resize(stun::BuildBindingSuccessResponse(
      *parsedRequest,
      stun::StunAddress::Ipv6({0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78, 0x00, 0x11, 0x22,
                               0x33, 0x44, 0x55, 0x66, 0x77},
                              40000),
      localKey, v6));
  add("binding success response, IPv6 XOR-MAPPED-ADDRESS", v6, [&](const TsharkFrame& t) {
    CheckStun(t, v6,
              {0x0101,
               {kXorMappedAddress, kMessageIntegrity, kFingerprint},
               std::string(kLocalPassword)});
    CHECK(t.U("stun.att.family") == 2u);
    CHECK(t.Str("stun.att.ipv6") == "2001:db8:1234:5678:11:2233:4455:6677");
    CHECK(t.U("stun.att.port") == 40000u);
  });

  Bytes conflict(stun::kMaxBindingResponseSize);
  conflict.resize(stun::BuildBindingErrorResponse(*parsedRequest, stun::error::kRoleConflict,
                                                  &localKey, conflict));
  add("487 Role Conflict with integrity", conflict, [&](const TsharkFrame& t) {
    CheckStun(t, conflict,
              {0x0111, {kErrorCode, kMessageIntegrity, kFingerprint}, std::string(kLocalPassword)});
    CHECK(t.U("stun.att.error.class") == 4u);
    CHECK(t.U("stun.att.error") == 87u);
    CHECK(t.Str("stun.att.error.reason") == stun::DefaultReason(487));
  });

  // A request with two comprehension-required attributes nobody knows, and the 420 it earns.
  Bytes unknown(256);
  {
    stun::StunBuilder b(unknown, stun::StunClass::kRequest, stun::method::kBinding, kTid);
    b.AddString(kUsername, "localUfrag:remoteUfrag");
    b.AddUint32(0x0031, 1);
    b.AddUint32(0x0032, 2);
    b.AddMessageIntegrity(stun::HmacSha1Key(kLocalPassword));
    b.AddFingerprint();
    unknown.resize(b.Finish());
  }
  auto parsedUnknown = stun::StunMessage::Parse(unknown);
  REQUIRE(parsedUnknown);
  CHECK(parsedUnknown->unknown_comprehension_required().size() == 2);
  Bytes e420(stun::kMaxBindingResponseSize);
  e420.resize(stun::BuildBindingErrorResponse(*parsedUnknown, stun::error::kUnknownAttribute,
                                              nullptr, e420));
  add("420 Unknown Attribute with UNKNOWN-ATTRIBUTES", e420, [&](const TsharkFrame& t) {
    CheckStun(t, e420, {0x0111, {kErrorCode, kUnknownAttributes, kFingerprint}, ""});
    CHECK(t.U("stun.att.error.class") == 4u);
    CHECK(t.U("stun.att.error") == 20u);
    CHECK(t.Us("stun.att.unknown") == Nums({0x0031, 0x0032}));
  });

  Bytes e401(stun::kMaxBindingResponseSize);
  e401.resize(
      stun::BuildBindingErrorResponse(*parsedRequest, stun::error::kUnauthorized, nullptr, e401));
  add("401 Unauthorized without integrity", e401, [&](const TsharkFrame& t) {
    CheckStun(t, e401, {0x0111, {kErrorCode, kFingerprint}, ""});
    CHECK(t.U("stun.att.error.class") == 4u);
    CHECK(t.U("stun.att.error") == 1u);
  });

  // A keepalive (RFC 8445 11): a binding indication, which carries no integrity here.
  Bytes indication(64);
  {
    stun::StunBuilder b(indication, stun::StunClass::kIndication, stun::method::kBinding, kTid);
    b.AddFingerprint();
    indication.resize(b.Finish());
  }
  add("binding indication", indication, [&](const TsharkFrame& t) {
    CheckStun(t, indication, {0x0011, {kFingerprint}, ""});
  });

  // The remote side's key, as the SFU's own checks are keyed the other way round.
  Bytes outbound(256);
  {
    stun::StunBuilder b(outbound, stun::StunClass::kRequest, stun::method::kBinding, kTid);
    b.AddString(kUsername, "remoteUfrag:localUfrag");
    b.AddUint32(kPriority, 1);
    b.AddUint64(stun::attr::kIceControlled, 0xfedcba9876543210);
    b.AddMessageIntegrity(stun::HmacSha1Key(kRemotePassword));
    b.AddFingerprint();
    outbound.resize(b.Finish());
  }
  add("binding request, ICE-CONTROLLED", outbound, [&](const TsharkFrame& t) {
    CheckStun(t, outbound,
              {0x0001,
               {kUsername, kPriority, stun::attr::kIceControlled, kMessageIntegrity, kFingerprint},
               std::string(kRemotePassword)});
    CHECK(t.Str("stun.att.tie-breaker") == "fedcba9876543210");
  });

  test::DissectAndCheck("stun", frames,
                        {"stun.type",
                         "stun.type.class",
                         "stun.type.method",
                         "stun.length",
                         "stun.cookie",
                         "stun.id",
                         "stun.att.type",
                         "stun.att.username",
                         "stun.att.priority",
                         "stun.att.tie-breaker",
                         "stun.att.family",
                         "stun.att.ipv4",
                         "stun.att.ipv6",
                         "stun.att.port",
                         "stun.att.error.class",
                         "stun.att.error",
                         "stun.att.error.reason",
                         "stun.att.unknown",
                         "stun.att.hmac",
                         "stun.att.crc32",
                         "stun.att.crc32.status"});
}

}  // namespace
}  // namespace weir::interop
