#pragma once

// The text carried by the mid, rid and repaired-rid extensions: an SDES item in a header
// extension element (RFC 7941), whose value is the item's text with no terminator. Values
// are views into the packet; nothing is copied.
//
// Some senders pad the text with NUL bytes; trailing NULs are dropped. Any other byte outside
// the grammar (an embedded NUL included) makes the value invalid.

#include <cstddef>
#include <optional>
#include <string_view>

#include "base/bytes.hpp"

namespace weir::proto::rtp::extensions {

enum class SdesAlphabet : uint8_t {
  // RFC 8843 15 -> RFC 5888 "identification-tag" -> RFC 4566 "token".
  kToken,
  // RFC 8851 10: rid-id = 1*(alpha-numeric / "-" / "_").
  kRidId,
};

// Longest value an element can hold (RFC 8285 4.3).
inline constexpr size_t kMaxSdesTokenSize = 255;

bool IsSdesToken(std::string_view value, SdesAlphabet alphabet);
std::optional<std::string_view> ParseSdesToken(base::ByteView data, SdesAlphabet alphabet);
// Returns the bytes written (value.size()), 0 when the value is invalid or `out` too small.
size_t WriteSdesToken(base::MutableByteView out, std::string_view value, SdesAlphabet alphabet);

}  // namespace weir::proto::rtp::extensions
