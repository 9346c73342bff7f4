#include "proto/stun/binding_response.hpp"

#include <doctest/doctest.h>

#include <array>
#include <vector>

#include "proto/stun/stun_builder.hpp"
#include "rfc5769_vectors.hpp"

namespace weir::proto::stun {
namespace {

// Chromium-style connectivity check: USERNAME "local:remote", PRIORITY, ICE-CONTROLLING,
// USE-CANDIDATE, MESSAGE-INTEGRITY with the ICE-lite server's password, FINGERPRINT.
std::vector<uint8_t> Request(std::initializer_list<uint16_t> extraTypes = {}) {
  std::vector<uint8_t> buf(256);
  TransactionId tid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  StunBuilder b(buf, StunClass::kRequest, method::kBinding, tid);
  b.AddString(attr::kUsername, "srvufrag:cliufrag");
  b.AddUint32(attr::kPriority, 1853824767);
  b.AddUint64(attr::kIceControlling, 0x1122334455667788);
  b.AddEmpty(attr::kUseCandidate);
  for (uint16_t t : extraTypes)
    b.AddEmpty(t);
  b.AddMessageIntegrity(HmacSha1Key(std::string_view("server-password-1234")));
  b.AddFingerprint();
  buf.resize(b.Finish());
  return buf;
}

TEST_CASE("success response to a binding request") {
  auto reqBytes = Request();
  auto request = StunMessage::Parse(reqBytes);
  REQUIRE(request);
  HmacSha1Key password(std::string_view("server-password-1234"));
  REQUIRE(request->CheckMessageIntegrity(password));

  std::array<uint8_t, kMaxBindingResponseSize> out;
  auto mapped = StunAddress::Ipv4({203, 0, 113, 5}, 61000);
  size_t n = BuildBindingSuccessResponse(*request, mapped, password, out);
  REQUIRE(n == 20 + 12 + 24 + 8);
  auto response = StunMessage::Parse(base::ByteView(out.data(), n));
  REQUIRE(response);
  CHECK(response->message_class() == StunClass::kSuccessResponse);
  CHECK(response->method() == method::kBinding);
  CHECK(response->transaction_id() == request->transaction_id());
  CHECK(response->xor_mapped_address() == mapped);
  CHECK(response->CheckMessageIntegrity("server-password-1234"));
  CHECK(response->CheckFingerprint());

  auto mapped6 = StunAddress::Ipv6({0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1);
  n = BuildBindingSuccessResponse(*request, mapped6, password, out);
  REQUIRE(n == 20 + 24 + 24 + 8);
  response = StunMessage::Parse(base::ByteView(out.data(), n));
  REQUIRE(response);
  CHECK(response->xor_mapped_address() == mapped6);

  // Too small a buffer: nothing.
  CHECK(BuildBindingSuccessResponse(*request, mapped6, password,
                                    base::MutableByteView(out).first(n - 1)) == 0);
}

TEST_CASE("420 lists the unknown comprehension-required attributes") {
  auto reqBytes = Request({0x0002, 0x0003});
  auto request = StunMessage::Parse(reqBytes);
  REQUIRE(request);
  REQUIRE(request->unknown_comprehension_required().size() == 2);
  HmacSha1Key password(std::string_view("server-password-1234"));
  std::array<uint8_t, kMaxBindingResponseSize> out;
  size_t n = BuildBindingErrorResponse(*request, error::kUnknownAttribute, &password, out);
  REQUIRE(n > 0);
  auto response = StunMessage::Parse(base::ByteView(out.data(), n));
  REQUIRE(response);
  CHECK(response->message_class() == StunClass::kErrorResponse);
  CHECK(response->transaction_id() == request->transaction_id());
  REQUIRE(response->error_code());
  CHECK(response->error_code()->code == 420);
  CHECK(response->error_code()->reason == "Unknown Attribute");
  uint16_t types[4];
  REQUIRE(response->ReadUnknownAttributes(types) == 2);
  CHECK(types[0] == 0x0002);
  CHECK(types[1] == 0x0003);
  CHECK(response->CheckMessageIntegrity(password));
  CHECK(response->CheckFingerprint());
}

TEST_CASE("400, 401 and 487 errors") {
  auto reqBytes = Request();
  auto request = StunMessage::Parse(reqBytes);
  REQUIRE(request);
  std::array<uint8_t, kMaxBindingResponseSize> out;
  for (uint16_t code : {error::kBadRequest, error::kUnauthorized}) {
    size_t n = BuildBindingErrorResponse(*request, code, nullptr, out);
    auto response = StunMessage::Parse(base::ByteView(out.data(), n));
    REQUIRE(response);
    CHECK(response->error_code()->code == code);
    CHECK(response->error_code()->reason == DefaultReason(code));
    CHECK_FALSE(response->has_message_integrity());
    CHECK(response->CheckFingerprint());
    uint16_t types[1];
    CHECK(response->ReadUnknownAttributes(types) == 0);
  }
  HmacSha1Key password(std::string_view("server-password-1234"));
  size_t n = BuildBindingErrorResponse(*request, error::kRoleConflict, &password, out, "Swap");
  auto response = StunMessage::Parse(base::ByteView(out.data(), n));
  REQUIRE(response);
  CHECK(response->error_code()->code == 487);
  CHECK(response->error_code()->reason == "Swap");
  CHECK(response->CheckMessageIntegrity(password));
  CHECK(DefaultReason(487) == "Role Conflict");
}

TEST_CASE("the largest 420 fits kMaxBindingResponseSize") {
  std::vector<uint8_t> buf(512);
  StunBuilder b(buf, StunClass::kRequest, method::kBinding, TransactionId{});
  for (uint16_t t = 0x0100; t < 0x0100 + 2 * StunMessage::kMaxUnknownAttributes; ++t) {
    b.AddEmpty(t);
  }
  buf.resize(b.Finish());
  auto request = StunMessage::Parse(buf);
  REQUIRE(request);
  HmacSha1Key key(std::string_view("k"));
  std::array<uint8_t, kMaxBindingResponseSize> out;
  CHECK(BuildBindingErrorResponse(*request, error::kUnknownAttribute, &key, out) > 0);
}

}  // namespace
}  // namespace weir::proto::stun
