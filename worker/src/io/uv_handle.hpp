#pragma once

// Ownership of libuv handles: a handle's memory must outlive uv_close()'s callback, so handles
// are heap-allocated and freed from that callback. UvHandle<T> is the RAII owner used by every
// io/ class; destroying it closes the handle and lets the loop free it.

#include <uv.h>

#include <memory>
#include <utility>

namespace weir::io {

template <typename T>
class UvHandle {
 public:
  UvHandle() : handle_(new T{}) {}
  ~UvHandle() { Close(); }
  UvHandle(const UvHandle&) = delete;
  UvHandle& operator=(const UvHandle&) = delete;
  UvHandle(UvHandle&& other) noexcept
      : handle_(std::exchange(other.handle_, nullptr)),
        initialized_(std::exchange(other.initialized_, false)) {}

  T* get() const { return handle_; }
  uv_handle_t* handle() const { return reinterpret_cast<uv_handle_t*>(handle_); }
  // Call after a successful uv_*_init; before it the handle is freed directly.
  void MarkInitialized() { initialized_ = true; }

  void Close() {
    if (handle_ == nullptr) return;
    if (initialized_ && !uv_is_closing(handle())) {
      handle()->data = nullptr;
      uv_close(handle(), [](uv_handle_t* h) { delete reinterpret_cast<T*>(h); });
    } else if (!initialized_) {
      delete handle_;
    }
    handle_ = nullptr;
  }

 private:
  T* handle_;
  bool initialized_ = false;
};

}  // namespace weir::io
