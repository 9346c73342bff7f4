#pragma once

// Local ICE credentials (RFC 8445 5.3, RFC 8839 5.4) and the USERNAME rule of connectivity
// checks (RFC 8445 7.2.2: "<receiver's ufrag>:<sender's ufrag>").

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "proto/stun/stun_message.hpp"

namespace weir::engine {

// RFC 8839 5.4 asks for at least 4 ufrag characters and 22 password characters (24 bits and
// 128 bits of randomness); we draw 16 and 32, 96 and 192 bits.
inline constexpr size_t kIceUfragLength = 16;
inline constexpr size_t kIcePasswordLength = 32;

// Random strings over the ice-char set (ALPHA / DIGIT / "+" / "/", RFC 8839 5.4) from
// OpenSSL's RAND_bytes. Control plane only; throws std::runtime_error if the CSPRNG fails
// (then no credentials can be trusted and the caller's request must fail).
std::string GenerateIceUfrag(size_t length = kIceUfragLength);
std::string GenerateIcePassword(size_t length = kIcePasswordLength);

// True when every character is an ice-char.
bool IsIceChars(std::string_view text);

// The local ufrag a connectivity check is addressed to: the part of USERNAME before the first
// ':' (RFC 8445 7.2.2). A WebRtcServer sharing one socket among many transports uses it to find
// the transport. Nothing when USERNAME is absent or has no ':' or an empty local part.
std::optional<std::string_view> LocalUfragOf(const proto::stun::StunMessage& message);

// True when username is "<localUfrag>:<anything>". The remote part is not checked: a lite
// agent learns the remote ufrag only through signaling it does not see.
bool UsernameMatches(std::string_view username, std::string_view localUfrag);

}  // namespace weir::engine
