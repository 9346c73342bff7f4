#pragma once

// RFC 8852 3.2, 3.3: the RtpStreamId of the stream a repair stream (RTX, FEC) repairs.
// Wire value: the text itself (RFC 7941); see sdes_token.hpp for what is accepted.

#include <optional>
#include <string_view>

#include "proto/rtp/extensions/sdes_token.hpp"

namespace weir::proto::rtp::extensions {

struct RepairedRid {
  static constexpr SdesAlphabet kAlphabet = SdesAlphabet::kRidId;

  static bool IsValid(std::string_view value) { return IsSdesToken(value, kAlphabet); }
  // The returned view points into `data`.
  static std::optional<std::string_view> Parse(base::ByteView data) {
    return ParseSdesToken(data, kAlphabet);
  }
  // Returns the bytes written, 0 when invalid or when `out` is too small.
  static size_t Write(base::MutableByteView out, std::string_view value) {
    return WriteSdesToken(out, value, kAlphabet);
  }
};

}  // namespace weir::proto::rtp::extensions
