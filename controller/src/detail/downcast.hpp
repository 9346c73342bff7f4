#pragma once

// ChannelObject::CreateChild() hands over a ChannelObject; the typed Create* methods give their
// callers the concrete type.

#include <memory>

#include "weir/callback.hpp"
#include "weir/channel_object.hpp"

namespace weir::detail {

template <typename T>
Callback<std::shared_ptr<ChannelObject>> Downcast(Callback<std::shared_ptr<T>> callback) {
  return [callback =
              std::move(callback)](absl::StatusOr<std::shared_ptr<ChannelObject>> result) mutable {
    if (!result.ok()) {
      callback(result.status());
      return;
    }
    callback(std::static_pointer_cast<T>(*std::move(result)));
  };
}

}  // namespace weir::detail
