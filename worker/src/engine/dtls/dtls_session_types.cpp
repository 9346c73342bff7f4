#include "engine/dtls/dtls_session_types.hpp"

namespace weir::engine {

std::string_view DtlsRoleName(DtlsRole role) {
  return role == DtlsRole::kClient ? "client" : "server";
}

// The names of dtlsstatechange on the channel.
std::string_view DtlsStateName(DtlsState state) {
  switch (state) {
    case DtlsState::kNew:
      return "new";
    case DtlsState::kConnecting:
      return "connecting";
    case DtlsState::kConnected:
      return "connected";
    case DtlsState::kFailed:
      return "failed";
    case DtlsState::kClosed:
      return "closed";
  }
  return "unknown";
}

}  // namespace weir::engine
