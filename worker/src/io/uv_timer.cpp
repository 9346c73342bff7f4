#include "io/uv_timer.hpp"

#include "io/clock.hpp"

namespace weir::io {

UvTimer::UvTimer(uv_loop_t* loop, sfu::TimerListener* listener) : listener_(listener) {
  uv_timer_init(loop, timer_.get());
  timer_.MarkInitialized();
  timer_.get()->data = this;
}

UvTimer::~UvTimer() = default;

void UvTimer::Arm(base::Timestamp deadline) {
  if (deadline == deadline_ && uv_is_active(timer_.handle())) return;
  deadline_ = deadline;
  if (deadline == base::kNever) {
    uv_timer_stop(timer_.get());
    return;
  }
  int64_t delayUs = (deadline - Now()).count();
  uint64_t delayMs = delayUs <= 0 ? 0 : static_cast<uint64_t>((delayUs + 999) / 1000);
  // uv_now() is cached at the start of the loop iteration; refresh it so the delay counts from now.
  uv_update_time(timer_.get()->loop);
  uv_timer_start(timer_.get(), OnTimer, delayMs, 0);
}

void UvTimer::Disarm() {
  deadline_ = base::kNever;
  uv_timer_stop(timer_.get());
}

void UvTimer::OnTimer(uv_timer_t* handle) {
  auto* self = static_cast<UvTimer*>(handle->data);
  if (self == nullptr) return;
  self->deadline_ = base::kNever;
  self->listener_->OnTimer(Now());
}

}  // namespace weir::io
