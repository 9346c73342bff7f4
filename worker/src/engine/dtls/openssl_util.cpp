#include "engine/dtls/openssl_util.hpp"

#include <openssl/err.h>

namespace weir::engine::openssl {

std::string DrainErrors(std::string_view what) {
  std::string text(what);
  bool first = true;
  // Bounded: the queue holds at most ERR_NUM_ERRORS (16) entries.
  while (unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof(buffer));
    text += first ? ": " : "; ";
    text += buffer;
    first = false;
  }
  return text;
}

}  // namespace weir::engine::openssl
