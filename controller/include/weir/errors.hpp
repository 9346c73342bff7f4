#pragma once

// How a worker's rejection reaches the caller. A rejected Response carries an ErrorKind and a
// reason (channel-schema/README.md "Errors"); the controller maps the kind onto an absl code and
// keeps the reason as the message:
//
//   TypeError         -> InvalidArgument
//   InvalidStateError -> FailedPrecondition
//   NotFoundError     -> NotFound
//   Error             -> Internal
//
// Errors the controller raises itself use the same codes (a closed object is FailedPrecondition,
// a malformed body InvalidArgument) plus DeadlineExceeded for a timeout and Unavailable for a
// dead worker. To tell a worker's rejection from a local error, the Status of a rejection also
// carries the worker's kind as a payload, which WorkerErrorKind() reads.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace weir {

// The payload type URL under which a rejection's ErrorKind name is stored.
inline constexpr char kWorkerErrorKindPayload[] = "weir/ErrorKind";

// Builds the Status for a worker rejection of the given kind ("TypeError", ...).
absl::Status WorkerRejection(std::string_view kind, std::string_view reason);

// The worker's ErrorKind name when `status` is a worker rejection, nothing otherwise.
std::optional<std::string> WorkerErrorKind(const absl::Status& status);

}  // namespace weir
