#pragma once

// A listening TCP socket on the loop (sfu::TcpServer): each accepted connection is handed to the
// listener as an io::TcpConnection. Connections beyond kMaxPending unaccepted are refused.

#include <uv.h>

#include "io/uv_handle.hpp"
#include "sfu/environment.hpp"

namespace weir::io {

class TcpServer final : public sfu::TcpServer {
 public:
  // Binds and listens; returns nullptr (and a negative errno in *error) on failure.
  static std::unique_ptr<TcpServer> Listen(uv_loop_t* loop, const base::SocketAddress& address,
                                           int* error);
  ~TcpServer() override;

  const base::SocketAddress& local() const override { return local_; }
  void SetListener(sfu::TcpServerListener* listener) override { listener_ = listener; }

 private:
  TcpServer() = default;
  static void OnConnection(uv_stream_t* server, int status);

  uv_loop_t* loop_ = nullptr;
  UvHandle<uv_tcp_t> handle_;
  base::SocketAddress local_;
  sfu::TcpServerListener* listener_ = nullptr;
};

}  // namespace weir::io
