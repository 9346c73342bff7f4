#pragma once

// MIME types of codecs ("audio/opus", "video/H264", "video/rtx"). RFC 6838 4.2: type and subtype
// names are case-insensitive, so every comparison here ignores case.

#include <optional>
#include <string_view>

#include "sfu/rtp_parameters.hpp"

namespace weir::sfu::ortc {

// The kind named by "audio/<subtype>" or "video/<subtype>" (subtype non-empty, no further '/' and
// no space); nothing for anything else.
std::optional<MediaKind> MimeTypeKind(std::string_view mimeType);

bool MimeTypeEquals(std::string_view a, std::string_view b);

// "audio/rtx" or "video/rtx" (RFC 4588 8.6).
bool IsRtxMimeType(std::string_view mimeType);

}  // namespace weir::sfu::ortc
