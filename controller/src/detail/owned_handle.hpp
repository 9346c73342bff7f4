#pragma once

// RAII owner of one libuv handle. libuv needs a handle's memory until uv_close()'s callback has
// run, so the handle lives on the heap and that callback frees it; the owner can go at once.

#include <uv.h>

namespace weir::detail {

template <typename T>
class OwnedHandle {
 public:
  OwnedHandle() : handle_(new T{}) {}
  ~OwnedHandle() { Close(); }
  OwnedHandle(const OwnedHandle&) = delete;
  OwnedHandle& operator=(const OwnedHandle&) = delete;

  T* get() const { return handle_; }
  uv_handle_t* handle() const { return reinterpret_cast<uv_handle_t*>(handle_); }
  template <typename S>
  S* as() const {
    return reinterpret_cast<S*>(handle_);
  }
  // Call after a successful uv_*_init; before it, Close() frees the memory directly.
  void MarkInitialized() { initialized_ = true; }
  bool open() const { return handle_ != nullptr; }
  // Gives up ownership of an initialized handle (the caller closes it).
  T* Release() {
    T* handle = handle_;
    handle_ = nullptr;
    return handle;
  }

  void Close() {
    if (handle_ == nullptr) return;
    if (initialized_) {
      handle()->data = nullptr;
      if (!uv_is_closing(handle())) {
        uv_close(handle(), [](uv_handle_t* h) { delete reinterpret_cast<T*>(h); });
      }
    } else {
      delete handle_;
    }
    handle_ = nullptr;
  }

 private:
  T* handle_;
  bool initialized_ = false;
};

}  // namespace weir::detail
