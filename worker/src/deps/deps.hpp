#pragma once

// One-time initialisation of the third-party libraries the worker uses (OpenSSL, libsrtp2), done
// once by the composition root before anything else. Unit tests of proto/ and engine/ that need
// a library call the same function; it is idempotent.

#include <string>

namespace weir::deps {

void InitializeLibraries();
std::string SrtpBackendName();

}  // namespace weir::deps
