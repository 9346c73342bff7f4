#include "weir/errors.hpp"

#include "absl/strings/cord.h"

namespace weir {

absl::Status WorkerRejection(std::string_view kind, std::string_view reason) {
  absl::StatusCode code = absl::StatusCode::kInternal;
  if (kind == "TypeError") {
    code = absl::StatusCode::kInvalidArgument;
  } else if (kind == "InvalidStateError") {
    code = absl::StatusCode::kFailedPrecondition;
  } else if (kind == "NotFoundError") {
    code = absl::StatusCode::kNotFound;
  }
  absl::Status status(code, absl::string_view(reason.data(), reason.size()));
  status.SetPayload(kWorkerErrorKindPayload,
                    absl::Cord(absl::string_view(kind.data(), kind.size())));
  return status;
}

std::optional<std::string> WorkerErrorKind(const absl::Status& status) {
  auto payload = status.GetPayload(kWorkerErrorKindPayload);
  if (!payload) return std::nullopt;
  return std::string(*payload);
}

}  // namespace weir
