#include "engine/ice/ice_credentials.hpp"

#include <stdexcept>

#include <openssl/rand.h>

namespace weir::engine {
namespace {

// RFC 8839 5.4: ice-char = ALPHA / DIGIT / "+" / "/". 64 characters, so the low 6 bits of a
// random byte pick one without bias.
constexpr std::string_view kIceChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static_assert(kIceChars.size() == 64);

std::string RandomIceString(size_t length) {
  std::string out(length, '\0');
  if (length == 0) return out;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(length)) != 1) {
    throw std::runtime_error("RAND_bytes failed: cannot generate ICE credentials");
  }
  for (char& c : out)
    c = kIceChars[static_cast<unsigned char>(c) & 0x3F];
  return out;
}

}  // namespace

std::string GenerateIceUfrag(size_t length) {
  return RandomIceString(length);
}

std::string GenerateIcePassword(size_t length) {
  return RandomIceString(length);
}

bool IsIceChars(std::string_view text) {
  for (char c : text) {
    if (kIceChars.find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::optional<std::string_view> LocalUfragOf(const proto::stun::StunMessage& message) {
  auto username = message.username();
  if (!username) return std::nullopt;
  size_t colon = username->find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  return username->substr(0, colon);
}

bool UsernameMatches(std::string_view username, std::string_view localUfrag) {
  return !localUfrag.empty() && username.size() > localUfrag.size() &&
         username.substr(0, localUfrag.size()) == localUfrag && username[localUfrag.size()] == ':';
}

}  // namespace weir::engine
