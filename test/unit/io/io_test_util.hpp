#pragma once

// Helpers for the io/ tests: a libuv loop owned by the test, plain loopback UDP sockets to talk
// to the worker's sockets, and a listener that records what a UdpSocket delivers.

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#include <algorithm>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "base/socket_address.hpp"
#include "sfu/environment.hpp"

namespace weir::io::test {

class TestLoop {
 public:
  TestLoop() { uv_loop_init(&loop_); }
  ~TestLoop() {
    uv_run(&loop_, UV_RUN_NOWAIT);
    uv_loop_close(&loop_);
  }
  uv_loop_t* get() { return &loop_; }
  // One iteration without blocking: poll callbacks, then check handles (the batcher's flush).
  void RunOnce() { uv_run(&loop_, UV_RUN_NOWAIT); }

 private:
  uv_loop_t loop_{};
};

// A plain non-blocking socket bound to 127.0.0.1 (or ::1) on a free port.
class PeerSocket {
 public:
  explicit PeerSocket(bool v6 = false);
  ~PeerSocket();
  const base::SocketAddress& address() const { return address_; }
  void SendTo(const base::SocketAddress& to, const std::vector<uint8_t>& data);
  // Everything queued now (non-blocking), in arrival order.
  std::vector<std::vector<uint8_t>> ReceiveAll();

 private:
  int fd_;
  base::SocketAddress address_;
};

struct Received {
  std::vector<uint8_t> data;
  base::SocketAddress from;
};

class RecordingListener : public sfu::DatagramListener {
 public:
  void OnDatagram(base::Timestamp, base::MutableByteView data,
                  const base::SocketAddress& from) override {
    received.push_back({std::vector<uint8_t>(data.begin(), data.end()), from});
  }
  std::vector<Received> received;
};

inline PeerSocket::PeerSocket(bool v6) {
  fd_ = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  REQUIRE(fd_ >= 0);
  int size = 4 << 20;
  setsockopt(fd_, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size));
  auto local = base::SocketAddress::Parse(v6 ? "::1" : "127.0.0.1", 0);
  REQUIRE(local);
  REQUIRE(bind(fd_, local->sockaddr_ptr(), local->sockaddr_len()) == 0);
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &len);
  address_ = base::SocketAddress::FromSockaddr(reinterpret_cast<const sockaddr*>(&bound));
}

inline PeerSocket::~PeerSocket() {
  close(fd_);
}

inline void PeerSocket::SendTo(const base::SocketAddress& to, const std::vector<uint8_t>& data) {
  REQUIRE(sendto(fd_, data.data(), data.size(), 0, to.sockaddr_ptr(), to.sockaddr_len()) ==
          static_cast<ssize_t>(data.size()));
}

inline std::vector<std::vector<uint8_t>> PeerSocket::ReceiveAll() {
  std::vector<std::vector<uint8_t>> out;
  std::vector<uint8_t> buffer(65536);
  for (;;) {
    ssize_t n = recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n < 0) break;
    out.emplace_back(buffer.begin(), buffer.begin() + n);
  }
  return out;
}

// A datagram whose bytes say which stream and index it is (checked on arrival).
inline std::vector<uint8_t> Tagged(uint32_t stream, uint32_t index, size_t size) {
  std::vector<uint8_t> data(std::max<size_t>(size, 8));
  std::memcpy(data.data(), &stream, 4);
  std::memcpy(data.data() + 4, &index, 4);
  for (size_t i = 8; i < data.size(); ++i)
    data[i] = static_cast<uint8_t>(stream * 31 + index + i);
  return data;
}

inline uint32_t TagStream(const std::vector<uint8_t>& data) {
  uint32_t v = 0;
  std::memcpy(&v, data.data(), 4);
  return v;
}

inline uint32_t TagIndex(const std::vector<uint8_t>& data) {
  uint32_t v = 0;
  std::memcpy(&v, data.data() + 4, 4);
  return v;
}

}  // namespace weir::io::test
