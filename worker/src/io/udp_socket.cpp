#include "io/udp_socket.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "base/logging.hpp"
#include "io/clock.hpp"

namespace weir::io {

namespace {

constexpr size_t kRecvBatch = 32;
constexpr size_t kRecvSlot = 2048;  // Bigger than any MTU; a bigger datagram is truncated, dropped.

// Shared by every socket: receive callbacks are synchronous, one socket at a time. The headers
// are set up once; recvmmsg(2) only writes back lengths, flags and each sender's address length,
// which ReadAll() resets for the entries it used.
struct RecvArena {
  RecvArena() {
    for (size_t i = 0; i < kRecvBatch; ++i) {
      iovs[i] = {data[i], kRecvSlot};
      messages[i].msg_hdr.msg_name = &addresses[i];
      messages[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
      messages[i].msg_hdr.msg_iov = &iovs[i];
      messages[i].msg_hdr.msg_iovlen = 1;
    }
  }
  alignas(16) uint8_t data[kRecvBatch][kRecvSlot];
  mmsghdr messages[kRecvBatch];
  iovec iovs[kRecvBatch];
  sockaddr_storage addresses[kRecvBatch];
};

RecvArena& Arena() {
  static RecvArena arena;
  return arena;
}

}  // namespace

int OpenUdpSocket(const base::SocketAddress& address, int bufferSize) {
  int fd = socket(address.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  if (address.is_v6()) {
    int on = 1;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
  }
  if (bufferSize > 0) {
    // SO_RCVBUFFORCE passes the rmem_max cap when the worker may (CAP_NET_ADMIN); a large
    // receive buffer rides out scheduler hiccups without loss.
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bufferSize, sizeof(bufferSize)) != 0) {
      setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufferSize, sizeof(bufferSize));
    }
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bufferSize, sizeof(bufferSize)) != 0) {
      setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bufferSize, sizeof(bufferSize));
    }
  }
  if (bind(fd, address.sockaddr_ptr(), address.sockaddr_len()) != 0) {
    int err = errno;
    close(fd);
    return -err;
  }
  return fd;
}

UdpSocket::UdpSocket(uv_loop_t* loop, SendBatcher& batcher, int fd,
                     const base::SocketAddress& local)
    : batcher_(batcher), fd_(fd), local_(local) {
  queue_.fd = fd_;
  queue_.sendErrors = &stats_.sendErrors;
  uv_poll_init(loop, poll_.get(), fd_);
  poll_.MarkInitialized();
  poll_.get()->data = this;
  uv_poll_start(poll_.get(), UV_READABLE, OnPoll);
}

UdpSocket::~UdpSocket() {
  batcher_.Remove(queue_);
  poll_.Close();
  close(fd_);
}

void UdpSocket::Send(base::ByteView data, const base::SocketAddress& to) {
  ++stats_.packetsSent;
  stats_.bytesSent += data.size();
  batcher_.Enqueue(queue_, data, to);
}

void UdpSocket::OnPoll(uv_poll_t* handle, int status, int events) {
  auto* self = static_cast<UdpSocket*>(handle->data);
  if (self == nullptr || status < 0 || !(events & UV_READABLE)) return;
  self->ReadAll();
}

void UdpSocket::ReadAll() {
  RecvArena& arena = Arena();
  // Bounded: a flood on one socket must not starve the rest of the loop.
  for (int round = 0; round < 8; ++round) {
    int n = recvmmsg(fd_, arena.messages, kRecvBatch, MSG_DONTWAIT, nullptr);
    if (n <= 0) return;
    base::Timestamp now = Now();
    for (int i = 0; i < n; ++i) {
      mmsghdr& m = arena.messages[i];
      m.msg_hdr.msg_namelen = sizeof(sockaddr_storage);  // Ready for the next read.
      if (m.msg_hdr.msg_flags & MSG_TRUNC) {
        ++truncated_;
        WEIR_DEBUG(kInfo, "udp %s: truncated datagram dropped", local_.ToString());
        continue;
      }
      if (listener_ == nullptr) continue;
      auto from =
          base::SocketAddress::FromSockaddr(reinterpret_cast<const sockaddr*>(&arena.addresses[i]));
      // Contract: a listener never destroys its socket from this call (sfu/ defers closes).
      listener_->OnDatagram(now, base::MutableByteView(arena.data[i], m.msg_len), from);
    }
    if (static_cast<size_t>(n) < kRecvBatch) return;
  }
}

}  // namespace weir::io
