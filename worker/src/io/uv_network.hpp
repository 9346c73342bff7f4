#pragma once

// sfu::Network and sfu::Clock for the worker: UDP sockets bound in the worker's port range, and
// timers, all on one libuv loop.

#include <uv.h>

#include <memory>

#include "io/send_batcher.hpp"
#include "sfu/environment.hpp"

namespace weir::io {

struct NetworkSettings {
  uint16_t rtcMinPort = 10000;
  uint16_t rtcMaxPort = 59999;
  int udpBufferSize = 4 * 1024 * 1024;
};

class UvNetwork final : public sfu::Network {
 public:
  UvNetwork(uv_loop_t* loop, NetworkSettings settings);
  ~UvNetwork() override;

  std::unique_ptr<sfu::UdpSocket> BindUdp(const sfu::UdpBindOptions& options) override;
  std::unique_ptr<sfu::TcpServer> ListenTcp(const sfu::UdpBindOptions& options) override;
  std::unique_ptr<sfu::Timer> CreateTimer(sfu::TimerListener* listener) override;

  SendBatcher& batcher() { return batcher_; }

 private:
  uv_loop_t* loop_;
  NetworkSettings settings_;
  SendBatcher batcher_;
  uint32_t nextPortOffset_;
};

class SystemClock final : public sfu::Clock {
 public:
  base::Timestamp Now() const override;
};

}  // namespace weir::io
