#pragma once

// The worker's end of the channel socket (fd 3 by default) on the libuv loop. Bytes read are
// handed to a callback; frames written are sent with uv_try_write and, for what the kernel does
// not take at once, queued. The queue is bounded: past kMaxQueuedBytes, log frames are dropped
// first and, past twice that, every frame (a controller that stops reading must not make the
// worker grow without bound).

#include <uv.h>

#include <cstdint>
#include <functional>

#include "base/bytes.hpp"
#include "io/uv_handle.hpp"

namespace weir::io {

class ChannelPipe {
 public:
  static constexpr size_t kMaxQueuedBytes = 16 * 1024 * 1024;

  using ReadCallback = std::function<void(base::ByteView)>;
  using EofCallback = std::function<void()>;

  ChannelPipe(uv_loop_t* loop, int fd, ReadCallback onRead, EofCallback onEof);
  ~ChannelPipe();

  // Writes the 4-byte little-endian length and the payload. Returns false if the frame was
  // dropped because the queue is full.
  bool Write(base::ByteView payload, bool droppable);
  // Flushes what is queued and then closes; `done` runs when it is closed.
  void Shutdown(std::function<void()> done);

  size_t queued_bytes() const { return queued_; }

 private:
  static void OnAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);

  UvHandle<uv_pipe_t> pipe_;
  ReadCallback onRead_;
  EofCallback onEof_;
  size_t queued_ = 0;
  bool eof_ = false;
  char readBuffer_[65536];
};

}  // namespace weir::io
