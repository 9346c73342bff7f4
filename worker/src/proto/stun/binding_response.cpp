#include "proto/stun/binding_response.hpp"

#include "proto/stun/stun_builder.hpp"

namespace weir::proto::stun {

size_t BuildBindingSuccessResponse(const StunMessage& request, const StunAddress& mapped,
                                   const HmacSha1Key& localPassword, base::MutableByteView out) {
  StunBuilder b(out, StunClass::kSuccessResponse, request.method(), request.transaction_id());
  b.AddXorAddress(attr::kXorMappedAddress, mapped);
  b.AddMessageIntegrity(localPassword);
  b.AddFingerprint();
  return b.Finish();
}

size_t BuildBindingErrorResponse(const StunMessage& request, uint16_t code,
                                 const HmacSha1Key* integrityKey, base::MutableByteView out,
                                 std::string_view reason) {
  StunBuilder b(out, StunClass::kErrorResponse, request.method(), request.transaction_id());
  b.AddErrorCode(code, reason.empty() ? DefaultReason(code) : reason);
  if (code == error::kUnknownAttribute) {
    b.AddUnknownAttributes(request.unknown_comprehension_required());
  }
  if (integrityKey != nullptr) b.AddMessageIntegrity(*integrityKey);
  b.AddFingerprint();
  return b.Finish();
}

std::string_view DefaultReason(uint16_t code) {
  switch (code) {
    case error::kBadRequest:
      return "Bad Request";
    case error::kUnauthorized:
      return "Unauthorized";
    case error::kUnknownAttribute:
      return "Unknown Attribute";
    case error::kStaleNonce:
      return "Stale Nonce";
    case error::kRoleConflict:
      return "Role Conflict";
    case error::kServerError:
      return "Server Error";
    default:
      return "Error";
  }
}

}  // namespace weir::proto::stun
