#pragma once

// sfu::Timer on a uv_timer_t. Deadlines are absolute core timestamps; libuv counts milliseconds,
// so the delay is rounded up (a timer never fires early).

#include <uv.h>

#include "io/uv_handle.hpp"
#include "sfu/environment.hpp"

namespace weir::io {

class UvTimer final : public sfu::Timer {
 public:
  UvTimer(uv_loop_t* loop, sfu::TimerListener* listener);
  ~UvTimer() override;

  void Arm(base::Timestamp deadline) override;
  void Disarm() override;

 private:
  static void OnTimer(uv_timer_t* handle);

  sfu::TimerListener* listener_;
  UvHandle<uv_timer_t> timer_;
  base::Timestamp deadline_ = base::kNever;
};

}  // namespace weir::io
