#pragma once

// The control plane's error model: a request that cannot be honoured throws one of these, and the
// channel dispatcher catches it once and answers a rejected Response with its kind and reason.
// The data plane never throws: a bad packet is counted and dropped.

#include <stdexcept>
#include <string>
#include <utility>

#include "absl/strings/str_format.h"

namespace weir::sfu {

enum class ErrorKind { kTypeError, kInvalidState, kNotFound, kError };

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string reason) : std::runtime_error(std::move(reason)), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

// Invalid arguments: a missing, malformed or inconsistent field. The reason names the field.
template <typename... Args>
[[noreturn]] void ThrowTypeError(const absl::FormatSpec<Args...>& format, const Args&... args) {
  throw Error(ErrorKind::kTypeError, absl::StrFormat(format, args...));
}
// The object exists but cannot do this now (closed, already connected, ...).
template <typename... Args>
[[noreturn]] void ThrowInvalidState(const absl::FormatSpec<Args...>& format, const Args&... args) {
  throw Error(ErrorKind::kInvalidState, absl::StrFormat(format, args...));
}
// An id that names nothing.
template <typename... Args>
[[noreturn]] void ThrowNotFound(const absl::FormatSpec<Args...>& format, const Args&... args) {
  throw Error(ErrorKind::kNotFound, absl::StrFormat(format, args...));
}
// Anything else (a resource the system refused: no free port, a socket error).
template <typename... Args>
[[noreturn]] void ThrowError(const absl::FormatSpec<Args...>& format, const Args&... args) {
  throw Error(ErrorKind::kError, absl::StrFormat(format, args...));
}

}  // namespace weir::sfu
