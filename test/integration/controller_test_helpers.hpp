#pragma once

// Helpers of the controller's integration tests: awaiting a callback on the test loop, a spawned
// running worker, and a non-blocking loopback UDP socket that sends and collects RTP.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "controller_test_loop.hpp"
#include "doctest/doctest.h"
#include "weir/controller.hpp"

namespace weir::test {

inline WorkerSettings TestWorkerSettings() {
  WorkerSettings settings;
  if (const char* bin = std::getenv("WEIR_BIN")) {
    settings.workerPath = std::string(bin) + "/weir-worker";
  }
  return settings;
}

inline std::shared_ptr<Worker> SpawnRunning(TestLoop& loop,
                                            WorkerSettings settings = TestWorkerSettings()) {
  absl::StatusOr<std::shared_ptr<Worker>> worker = Worker::Spawn(loop.get(), settings);
  REQUIRE(worker.ok());
  bool running = false;
  (*worker)->OnRunning([&](const WorkerRunning&) { running = true; });
  REQUIRE(loop.RunUntil([&] { return running; }));
  return *worker;
}

// Runs an operation to completion and returns what its callback got.
template <typename T, typename Start>
absl::StatusOr<T> Await(TestLoop& loop, Start start) {
  std::optional<absl::StatusOr<T>> result;
  start([&](absl::StatusOr<T> r) { result = std::move(r); });
  REQUIRE(loop.RunUntil([&] { return result.has_value(); }));
  return *std::move(result);
}

template <typename Start>
absl::Status AwaitStatus(TestLoop& loop, Start start) {
  std::optional<absl::Status> result;
  start([&](absl::Status status) { result = std::move(status); });
  REQUIRE(loop.RunUntil([&] { return result.has_value(); }));
  return *result;
}

// A 12-byte RTP header (RFC 3550 5.1) and `payload`.
inline std::vector<uint8_t> RtpPacket(uint8_t payloadType, uint16_t seq, uint32_t timestamp,
                                      uint32_t ssrc, const std::vector<uint8_t>& payload) {
  // Sized once and filled in place (GCC 12 at -O3 warns falsely on inserting after an
  // initializer-list vector).
  std::vector<uint8_t> p(12 + payload.size());
  p[0] = 0x80;
  p[1] = payloadType;
  p[2] = uint8_t(seq >> 8);
  p[3] = uint8_t(seq);
  for (int i = 0; i < 4; ++i) {
    p[4 + i] = uint8_t(timestamp >> (24 - 8 * i));
    p[8 + i] = uint8_t(ssrc >> (24 - 8 * i));
  }
  std::copy(payload.begin(), payload.end(), p.begin() + 12);
  return p;
}

struct ReceivedRtp {
  uint8_t payloadType = 0;
  uint16_t seq = 0;
  uint32_t ssrc = 0;
};

class UdpSocket {
 public:
  UdpSocket() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
    socklen_t len = sizeof(addr);
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
  }
  ~UdpSocket() { ::close(fd_); }
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  uint16_t port() const { return port_; }

  void SendTo(uint16_t port, const std::vector<uint8_t>& data) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(port);
    CHECK(::sendto(fd_, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&to),
                   sizeof(to)) == static_cast<ssize_t>(data.size()));
  }

  // Reads what has arrived; keeps the RTP packets (RTCP, payload types 72-76 with the marker
  // bit's octet, is counted apart: RFC 5761 4).
  void Drain() {
    uint8_t buffer[2048];
    for (;;) {
      ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
      if (n < 0) return;
      if (n < 12) continue;
      uint8_t second = buffer[1];
      if (second >= 192 && second <= 223) {
        ++rtcp_;
        continue;
      }
      rtp_.push_back({uint8_t(second & 0x7f), uint16_t(buffer[2] << 8 | buffer[3]),
                      uint32_t(buffer[8]) << 24 | uint32_t(buffer[9]) << 16 |
                          uint32_t(buffer[10]) << 8 | buffer[11]});
    }
  }
  std::vector<ReceivedRtp>& rtp() { return rtp_; }
  size_t rtcp() const { return rtcp_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
  std::vector<ReceivedRtp> rtp_;
  size_t rtcp_ = 0;
};

// A loopback UDP port that was free a moment ago (for a WebRtcServer, which needs fixed ports).
inline uint16_t FreeUdpPort() {
  UdpSocket probe;
  return probe.port();
}

}  // namespace weir::test
