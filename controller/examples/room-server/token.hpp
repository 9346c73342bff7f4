#pragma once

// Join tokens: "<peerId>.<expiry>.<hex HMAC-SHA256(secret, roomId \n peerId \n expiry)>" (see
// PROTOCOL.md "Token"). A token binds one peer id to one room until its expiry, so a server with
// a secret needs no user database: whoever mints tokens (`weir-room --make-token`, or an
// application server sharing the secret) decides who may join which room as whom.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace weir::room {

// The hex HMAC-SHA256 of the token's message.
std::string TokenSignature(std::string_view secret, std::string_view roomId,
                           std::string_view peerId, int64_t expiry);

std::string MakeToken(std::string_view secret, std::string_view roomId, std::string_view peerId,
                      int64_t expiry);

// The token's peer id if the token is well formed, signed with `secret` for `roomId`, and not
// expired at `now` (seconds since the epoch); otherwise InvalidArgument (malformed),
// PermissionDenied (wrong signature: another secret, room or peer) or DeadlineExceeded
// (expired), each with a reason a client can be shown.
absl::StatusOr<std::string> VerifyToken(std::string_view secret, std::string_view roomId,
                                        std::string_view token, int64_t now);

}  // namespace weir::room
