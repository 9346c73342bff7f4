// STUN messages from the network (RFC 8489): parse, read every attribute, verify integrity and
// fingerprint, rebuild what was parsed and check the round trip, and answer binding requests
// the way the ICE-lite server does.

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "proto/stun/binding_response.hpp"
#include "proto/stun/stun_builder.hpp"
#include "proto/stun/stun_message.hpp"

using namespace weir::proto::stun;
using weir::base::ByteView;

namespace {

#define FUZZ_CHECK(cond) \
  if (!(cond)) std::abort()

const HmacSha1Key& Key() {
  static const HmacSha1Key key(std::string_view("fuzz-password"));
  return key;
}

void Rebuild(const StunMessage& msg) {
  // Re-serialize the attributes that count, in order, with zero padding; then MI and FP.
  std::vector<uint8_t> out(msg.size() + 64);
  StunBuilder b(out, msg.message_class(), msg.method(), msg.transaction_id());
  std::vector<uint8_t> normalized(msg.data().begin(), msg.data().end());
  size_t integrityAt = msg.size();
  bool stop = false;
  msg.ForEachAttribute([&](uint16_t type, ByteView value, size_t offset) {
    if (stop) return;
    if (type == attr::kMessageIntegrity || type == attr::kFingerprint) {
      integrityAt = offset;
      stop = true;
      return;
    }
    b.AddAttribute(type, value);
    if (type == attr::kMessageIntegritySha256) {
      integrityAt = offset + 4 + value.size();
      stop = true;
      return;
    }
    size_t pad = weir::base::PadTo4(value.size());
    std::memset(&normalized[offset + 4 + value.size()], 0, pad);
  });
  if (msg.has_message_integrity()) b.AddMessageIntegrity(Key());
  if (msg.has_fingerprint()) b.AddFingerprint();
  size_t n = b.Finish();
  FUZZ_CHECK(n != 0);
  // Everything before MESSAGE-INTEGRITY is byte-identical except the length field.
  FUZZ_CHECK(n >= integrityAt);
  FUZZ_CHECK(std::memcmp(out.data(), normalized.data(), 2) == 0);
  FUZZ_CHECK(std::memcmp(out.data() + 4, normalized.data() + 4, integrityAt - 4) == 0);

  auto again = StunMessage::Parse(ByteView(out.data(), n));
  FUZZ_CHECK(again);
  FUZZ_CHECK(again->type() == msg.type());
  FUZZ_CHECK(again->username() == msg.username());
  FUZZ_CHECK(again->priority() == msg.priority());
  FUZZ_CHECK(again->ice_controlling() == msg.ice_controlling());
  FUZZ_CHECK(again->ice_controlled() == msg.ice_controlled());
  FUZZ_CHECK(again->nomination() == msg.nomination());
  FUZZ_CHECK(again->use_candidate() == msg.use_candidate());
  FUZZ_CHECK(again->xor_mapped_address() == msg.xor_mapped_address());
  auto u1 = msg.unknown_comprehension_required();
  auto u2 = again->unknown_comprehension_required();
  FUZZ_CHECK(u1.size() == u2.size() && std::equal(u1.begin(), u1.end(), u2.begin()));
  FUZZ_CHECK(again->has_message_integrity() == msg.has_message_integrity());
  if (msg.has_message_integrity()) FUZZ_CHECK(again->CheckMessageIntegrity(Key()));
  if (msg.has_fingerprint()) FUZZ_CHECK(again->CheckFingerprint());
}

void Answer(const StunMessage& msg) {
  std::array<uint8_t, kMaxBindingResponseSize> out;
  auto mapped = StunAddress::Ipv6({0x20, 0x01, 0x0d, 0xb8}, 9);
  size_t n = BuildBindingSuccessResponse(msg, mapped, Key(), out);
  FUZZ_CHECK(n != 0);
  auto response = StunMessage::Parse(ByteView(out.data(), n));
  FUZZ_CHECK(response && response->xor_mapped_address() == mapped);
  FUZZ_CHECK(response->transaction_id() == msg.transaction_id());
  FUZZ_CHECK(response->CheckMessageIntegrity(Key()) && response->CheckFingerprint());
  for (uint16_t code : {error::kBadRequest, error::kUnknownAttribute, error::kRoleConflict}) {
    n = BuildBindingErrorResponse(msg, code, &Key(), out);
    FUZZ_CHECK(n != 0);
    response = StunMessage::Parse(ByteView(out.data(), n));
    FUZZ_CHECK(response && response->error_code() && response->error_code()->code == code);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto msg = StunMessage::Parse(ByteView(data, size));
  if (!msg) return 0;
  volatile size_t sink = 0;
  if (auto v = msg->username()) sink = sink + v->size();
  if (auto v = msg->software()) sink = sink + v->size();
  if (auto v = msg->realm()) sink = sink + v->size();
  if (auto v = msg->nonce()) sink = sink + v->size();
  if (auto e = msg->error_code()) {
    FUZZ_CHECK(e->code >= 300 && e->code <= 699);
    sink = sink + e->reason.size();
  }
  uint16_t types[16];
  FUZZ_CHECK(msg->ReadUnknownAttributes(types) <= 16);
  FUZZ_CHECK(msg->unknown_comprehension_required().size() <= StunMessage::kMaxUnknownAttributes);
  (void)msg->FindAttribute(0x7FFF);
  (void)msg->CheckMessageIntegrity(Key());
  (void)msg->CheckMessageIntegrity("fuzz-password");
  (void)msg->CheckFingerprint();
  if (msg->has_message_integrity_sha256()) (void)msg->CheckMessageIntegritySha256("k");
  Rebuild(*msg);
  if (msg->IsBindingRequest()) Answer(*msg);
  return 0;
}
