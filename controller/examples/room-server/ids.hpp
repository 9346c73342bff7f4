#pragma once

// What the protocol accepts as a room or peer id (PROTOCOL.md "Identifiers").

#include <cstddef>
#include <string>
#include <string_view>

namespace weir::room {

inline constexpr size_t kMaxIdLength = 64;
inline constexpr size_t kMaxDisplayNameLength = 64;

// 1 to 64 characters of [A-Za-z0-9_-]: safe in URLs, logs and the token format (no '.').
bool IsValidId(std::string_view id);

// A fresh random peer id ("p" and 12 hex digits) for servers without a secret.
std::string RandomPeerId();

}  // namespace weir::room
