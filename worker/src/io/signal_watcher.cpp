#include "io/signal_watcher.hpp"

#include <csignal>

namespace weir::io {

SignalWatcher::SignalWatcher(uv_loop_t* loop, std::function<void(int)> onSignal)
    : onSignal_(std::move(onSignal)) {
  std::signal(SIGPIPE, SIG_IGN);
  for (auto* h : {&term_, &interrupt_}) {
    uv_signal_init(loop, h->get());
    h->MarkInitialized();
    h->get()->data = this;
  }
  uv_signal_start(term_.get(), OnSignal, SIGTERM);
  uv_signal_start(interrupt_.get(), OnSignal, SIGINT);
}

void SignalWatcher::OnSignal(uv_signal_t* handle, int signum) {
  auto* self = static_cast<SignalWatcher*>(handle->data);
  if (self != nullptr && self->onSignal_) self->onSignal_(signum);
}

void SignalWatcher::Stop() {
  term_.Close();
  interrupt_.Close();
}

}  // namespace weir::io
