#include "proto/rtp/extensions/sdes_token.hpp"

#include <cstring>

namespace weir::proto::rtp::extensions {

namespace {

bool IsAlphaNumeric(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// RFC 4566 9: token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E.
bool IsTokenChar(unsigned char c) {
  return c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D ||
         c == 0x2E || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) ||
         (c >= 0x5E && c <= 0x7E);
}

}  // namespace

bool IsSdesToken(std::string_view value, SdesAlphabet alphabet) {
  if (value.empty() || value.size() > kMaxSdesTokenSize) return false;
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    bool ok = alphabet == SdesAlphabet::kToken ? IsTokenChar(c)
                                               : IsAlphaNumeric(c) || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string_view> ParseSdesToken(base::ByteView data, SdesAlphabet alphabet) {
  size_t size = data.size();
  while (size > 0 && data[size - 1] == 0)
    --size;
  std::string_view value(reinterpret_cast<const char*>(data.data()), size);
  if (!IsSdesToken(value, alphabet)) return std::nullopt;
  return value;
}

size_t WriteSdesToken(base::MutableByteView out, std::string_view value, SdesAlphabet alphabet) {
  if (!IsSdesToken(value, alphabet) || value.size() > out.size()) return 0;
  std::memcpy(out.data(), value.data(), value.size());
  return value.size();
}

}  // namespace weir::proto::rtp::extensions
