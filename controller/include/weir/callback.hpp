#pragma once

// The one error model of the controller API: every asynchronous operation takes a callback that
// receives an absl::StatusOr<T> (or an absl::Status when there is no value). Callbacks run on the
// loop thread, from the loop: never from inside the call that started the operation, so a caller
// never sees its own callback run before the call returns.

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace weir {

template <typename T>
using Callback = absl::AnyInvocable<void(absl::StatusOr<T>)>;

using StatusCallback = absl::AnyInvocable<void(absl::Status)>;

}  // namespace weir
