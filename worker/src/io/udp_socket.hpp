#pragma once

// A UDP socket on the libuv loop, implementing sfu::UdpSocket. It owns a plain non-blocking fd
// watched with uv_poll, so that it can read with recvmmsg(2) (up to kRecvBatch datagrams per
// wake-up, into a buffer shared by every socket of the worker) and write through the SendBatcher
// with sendmmsg(2).

#include <uv.h>

#include <memory>

#include "io/send_batcher.hpp"
#include "io/uv_handle.hpp"
#include "sfu/environment.hpp"

namespace weir::io {

class UdpSocket final : public sfu::UdpSocket {
 public:
  // Takes ownership of a bound, non-blocking fd.
  UdpSocket(uv_loop_t* loop, SendBatcher& batcher, int fd, const base::SocketAddress& local);
  ~UdpSocket() override;

  const base::SocketAddress& local() const override { return local_; }
  void SetListener(sfu::DatagramListener* listener) override { listener_ = listener; }
  void Send(base::ByteView data, const base::SocketAddress& to) override;
  const sfu::UdpSocketStats& stats() const override { return stats_; }

  uint64_t truncated() const { return truncated_; }

 private:
  static void OnPoll(uv_poll_t* handle, int status, int events);
  void ReadAll();

  SendBatcher& batcher_;
  int fd_;
  base::SocketAddress local_;
  sfu::DatagramListener* listener_ = nullptr;
  UvHandle<uv_poll_t> poll_;
  SendBatcher::Queue queue_;
  sfu::UdpSocketStats stats_;
  uint64_t truncated_ = 0;
};

// Creates a non-blocking UDP socket bound to `address` (port 0: kernel's choice) with the given
// receive/send buffer sizes; returns the fd or -errno.
int OpenUdpSocket(const base::SocketAddress& address, int bufferSize);

}  // namespace weir::io
