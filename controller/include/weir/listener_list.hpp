#pragma once

// The listeners of one typed event of an object (OnScore, OnIceStateChange, ...).

#include <memory>
#include <vector>

#include "absl/functional/any_invocable.h"

namespace weir {

template <typename... Args>
class ListenerList {
 public:
  using Listener = absl::AnyInvocable<void(Args...)>;

  void Add(Listener listener) {
    listeners_.push_back(std::make_shared<Listener>(std::move(listener)));
  }
  // Runs the listeners present now: one added while they run waits for the next event, and one
  // that drops the list (its object closing) does not destroy a listener that is running.
  void Notify(Args... args) const {
    auto copy = listeners_;
    for (auto& listener : copy)
      (*listener)(args...);
  }
  // Drops every listener (an object does so when it closes, which also breaks cycles through
  // what the listeners captured).
  void Clear() { listeners_.clear(); }
  bool empty() const { return listeners_.empty(); }

 private:
  std::vector<std::shared_ptr<Listener>> listeners_;
};

}  // namespace weir
