// bench_forward_relay: the baseline of `scripts/bench forward`, a bare UDP fan-out relay with the
// worker's socket layout and syscall pattern, and nothing else: one input socket and N output
// sockets (one per destination, like one PlainTransport per consumer), all unconnected and with
// the same buffer sizes the worker asks for; epoll, then recvmmsg(2) in rounds of 32 until the
// socket is empty (at most 8 rounds, as the worker), then one sendmmsg(2) per output socket
// (chunks of 64) of every datagram received. No RTP logic, no copy: the output iovecs point at
// the receive buffers.
//
//   bench_forward_relay [--buffer BYTES] PORT...   (destinations on 127.0.0.1)
// Prints "port P" (its input port) on stdout, then relays until stdin closes or SIGTERM.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr size_t kBatch = 32;
constexpr size_t kRounds = 8;
constexpr size_t kSlots = kBatch * kRounds;
constexpr size_t kSlotSize = 2048;
constexpr size_t kSendChunk = 64;

int OpenSocket(int bufferSize) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    std::perror("socket");
    std::exit(1);
  }
  // What the worker does (io/udp_socket.cpp): FORCE first, the capped option as a fallback.
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bufferSize, sizeof(bufferSize)) != 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufferSize, sizeof(bufferSize));
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bufferSize, sizeof(bufferSize)) != 0)
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bufferSize, sizeof(bufferSize));
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0) {
    std::perror("bind");
    std::exit(1);
  }
  return fd;
}

struct Output {
  int fd;
  sockaddr_in to;
};

}  // namespace

int main(int argc, char* argv[]) {
  int bufferSize = 4 * 1024 * 1024;
  std::vector<Output> outputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--buffer" && i + 1 < argc) {
      bufferSize = std::atoi(argv[++i]);
      continue;
    }
    Output out{};
    out.to.sin_family = AF_INET;
    out.to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    out.to.sin_port = htons(static_cast<uint16_t>(std::atoi(arg.c_str())));
    outputs.push_back(out);
  }
  int in = OpenSocket(bufferSize);
  for (Output& out : outputs)
    out.fd = OpenSocket(bufferSize);
  sockaddr_in bound{};
  socklen_t len = sizeof(bound);
  getsockname(in, reinterpret_cast<sockaddr*>(&bound), &len);
  std::printf("port %u\n", ntohs(bound.sin_port));
  std::fflush(stdout);

  int ep = epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = in;
  epoll_ctl(ep, EPOLL_CTL_ADD, in, &ev);
  ev.data.fd = STDIN_FILENO;
  epoll_ctl(ep, EPOLL_CTL_ADD, STDIN_FILENO, &ev);

  static uint8_t data[kSlots][kSlotSize];
  static iovec recvIov[kSlots];
  static mmsghdr recvMsgs[kSlots];
  static iovec sendIov[kSlots];
  static mmsghdr sendMsgs[kSlots];
  for (size_t i = 0; i < kSlots; ++i)
    recvIov[i] = {data[i], kSlotSize};

  for (;;) {
    epoll_event events[2];
    int n = epoll_wait(ep, events, 2, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return 1;
    bool readable = false;
    for (int i = 0; i < n; ++i) {
      if (events[i].data.fd == STDIN_FILENO) return 0;  // The bench closed our stdin.
      readable = true;
    }
    if (!readable) continue;
    size_t count = 0;
    for (size_t round = 0; round < kRounds; ++round) {
      for (size_t i = count; i < count + kBatch; ++i) {
        recvMsgs[i] = {};
        recvMsgs[i].msg_hdr.msg_iov = &recvIov[i];
        recvMsgs[i].msg_hdr.msg_iovlen = 1;
      }
      int got = recvmmsg(in, recvMsgs + count, kBatch, MSG_DONTWAIT, nullptr);
      if (got <= 0) break;
      count += static_cast<size_t>(got);
      if (static_cast<size_t>(got) < kBatch) break;
    }
    if (count == 0) continue;
    for (const Output& out : outputs) {
      for (size_t i = 0; i < count; ++i) {
        sendIov[i] = {data[i], recvMsgs[i].msg_len};
        sendMsgs[i] = {};
        sendMsgs[i].msg_hdr.msg_name = const_cast<sockaddr_in*>(&out.to);
        sendMsgs[i].msg_hdr.msg_namelen = sizeof(out.to);
        sendMsgs[i].msg_hdr.msg_iov = &sendIov[i];
        sendMsgs[i].msg_hdr.msg_iovlen = 1;
      }
      size_t sent = 0;
      while (sent < count) {
        size_t chunk = std::min(kSendChunk, count - sent);
        int s = sendmmsg(out.fd, sendMsgs + sent, static_cast<unsigned>(chunk), 0);
        if (s < 0 && errno == EINTR) continue;
        sent += s > 0 ? static_cast<size_t>(s) : 1;  // A failed datagram is lost, as in UDP.
      }
    }
  }
}
