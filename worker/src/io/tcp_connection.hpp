#pragma once

// One accepted TCP connection on the loop (sfu::StreamConnection). Reads into a buffer shared by
// every connection (callbacks are synchronous); writes go out with uv_try_write and what the
// kernel does not take at once is queued, up to kMaxQueuedBytes, past which writes are dropped.
// Destroying it closes the socket; it is safe to destroy from its own listener callbacks.

#include <uv.h>

#include "io/uv_handle.hpp"
#include "sfu/environment.hpp"

namespace weir::io {

class TcpConnection final : public sfu::StreamConnection {
 public:
  static constexpr size_t kMaxQueuedBytes = 1024 * 1024;

  // Takes an accepted, initialized handle.
  TcpConnection(UvHandle<uv_tcp_t> handle, const base::SocketAddress& local,
                const base::SocketAddress& remote);
  ~TcpConnection() override;

  const base::SocketAddress& local() const override { return local_; }
  const base::SocketAddress& remote() const override { return remote_; }
  void SetListener(sfu::StreamListener* listener) override;
  bool Send(base::ByteView header, base::ByteView data) override;

 private:
  static void OnAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);

  UvHandle<uv_tcp_t> handle_;
  base::SocketAddress local_;
  base::SocketAddress remote_;
  sfu::StreamListener* listener_ = nullptr;
  // Shared with pending write requests, which may complete after this object is gone.
  std::shared_ptr<size_t> queued_ = std::make_shared<size_t>(0);
  bool closed_ = false;
};

}  // namespace weir::io
