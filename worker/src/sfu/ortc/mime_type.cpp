#include "sfu/ortc/mime_type.hpp"

namespace weir::sfu::ortc {

namespace {

char Lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::optional<MediaKind> MimeTypeKind(std::string_view mimeType) {
  size_t slash = mimeType.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view type = mimeType.substr(0, slash);
  std::string_view subtype = mimeType.substr(slash + 1);
  if (subtype.empty() || subtype.find_first_of("/ \t") != std::string_view::npos) {
    return std::nullopt;
  }
  if (EqualsIgnoreCase(type, "audio")) return MediaKind::kAudio;
  if (EqualsIgnoreCase(type, "video")) return MediaKind::kVideo;
  return std::nullopt;
}

bool MimeTypeEquals(std::string_view a, std::string_view b) {
  return EqualsIgnoreCase(a, b);
}

bool IsRtxMimeType(std::string_view mimeType) {
  return MimeTypeEquals(mimeType, "audio/rtx") || MimeTypeEquals(mimeType, "video/rtx");
}

}  // namespace weir::sfu::ortc
