#include "deps/deps.hpp"

#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <srtp2/srtp.h>

#include <mutex>
#include <stdexcept>

#ifndef WEIR_SRTP_BACKEND
#define WEIR_SRTP_BACKEND "unknown"
#endif

namespace weir::deps {

void InitializeLibraries() {
  static std::once_flag once;
  std::call_once(once, [] {
    OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, nullptr);
    if (srtp_init() != srtp_err_status_ok) throw std::runtime_error("srtp_init failed");
  });
}

std::string SrtpBackendName() {
  return WEIR_SRTP_BACKEND;
}

}  // namespace weir::deps
