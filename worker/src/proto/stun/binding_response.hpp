#pragma once

// The answers an ICE-lite agent (RFC 8445 2.5, 7.3) sends to a binding request, built straight
// into a caller buffer: this runs for every connectivity check, so nothing allocates.

#include <cstdint>
#include <string_view>

#include "base/bytes.hpp"
#include "proto/stun/hmac_sha1.hpp"
#include "proto/stun/stun_address.hpp"
#include "proto/stun/stun_message.hpp"

namespace weir::proto::stun {

// A size that fits every response built here (XOR-MAPPED-ADDRESS v6, MESSAGE-INTEGRITY,
// FINGERPRINT, or an error with a short reason and a full UNKNOWN-ATTRIBUTES list).
inline constexpr size_t kMaxBindingResponseSize = 160;

// RFC 8445 7.3.1.4 / RFC 8489 7.3.1: success response with the request's transaction id, the
// source address it came from as XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY keyed with the local
// ICE password, and FINGERPRINT (RFC 8445 7.3). Returns the size, 0 if out is too small.
size_t BuildBindingSuccessResponse(const StunMessage& request, const StunAddress& mapped,
                                   const HmacSha1Key& localPassword, base::MutableByteView out);

// An error response: ERROR-CODE (code and reason; an empty reason takes DefaultReason(code)),
// UNKNOWN-ATTRIBUTES for 420 (the request's unknown comprehension-required types),
// MESSAGE-INTEGRITY when a key is given and FINGERPRINT. Per RFC 8489 9.1.3, 400 and 401
// answers to requests that failed authentication carry no MESSAGE-INTEGRITY (pass nullptr);
// a 487 role conflict (RFC 8445 7.3.1.1) follows a valid request and should carry it.
size_t BuildBindingErrorResponse(const StunMessage& request, uint16_t code,
                                 const HmacSha1Key* integrityKey, base::MutableByteView out,
                                 std::string_view reason = {});

// RFC 8489 14.8 / RFC 8445 7.3.1.1 reason phrases.
std::string_view DefaultReason(uint16_t code);

}  // namespace weir::proto::stun
