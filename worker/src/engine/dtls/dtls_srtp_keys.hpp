#pragma once

// DTLS-SRTP key derivation (RFC 5764 4.2): the negotiated protection profile and the exporter's
// output split into each direction's master key and salt.

#include <openssl/types.h>

#include <optional>
#include <string>

#include "engine/dtls/dtls_session_types.hpp"

namespace weir::engine {

// The keys of a finished handshake, seen from `role`. Nothing when no profile was negotiated
// (`*error` untouched) or when the export fails (`*error` set).
std::optional<DtlsSrtpKeys> ExportDtlsSrtpKeys(SSL* ssl, DtlsRole role, std::string* error);

}  // namespace weir::engine
