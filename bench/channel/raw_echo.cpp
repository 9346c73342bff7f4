#include "raw_echo.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace weir::bench {

namespace {

uint32_t Load32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}
void Store32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
  p[2] = static_cast<uint8_t>(v >> 16);
  p[3] = static_cast<uint8_t>(v >> 24);
}

void WriteAll(int fd, const uint8_t* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("raw echo: send failed");
    data += n;
    size -= static_cast<size_t>(n);
  }
}

[[noreturn]] void ChildLoop(int fd) {
  std::vector<uint8_t> in(1 << 20);
  std::vector<uint8_t> out(1 << 16);
  size_t fill = 0;
  for (;;) {
    ssize_t n = ::recv(fd, in.data() + fill, in.size() - fill, 0);
    if (n <= 0) ::_exit(0);
    fill += static_cast<size_t>(n);
    size_t at = 0;
    while (fill - at >= 8) {
      uint32_t length = Load32(in.data() + at);
      if (fill - at < 4 + length) break;
      uint32_t reply = Load32(in.data() + at + 4);
      if (out.size() < 4 + reply) out.resize(4 + reply);
      Store32(out.data(), reply);
      WriteAll(fd, out.data(), 4 + reply);
      at += 4 + length;
    }
    std::memmove(in.data(), in.data() + at, fill - at);
    fill -= at;
  }
}

}  // namespace

RawEcho::RawEcho() : in_(1 << 20) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw std::runtime_error("raw echo: socketpair failed");
  }
  child_ = ::fork();
  if (child_ == 0) {
    ::close(fds[0]);
    ChildLoop(fds[1]);
  }
  ::close(fds[1]);
  fd_ = fds[0];
}

RawEcho::~RawEcho() {
  ::close(fd_);
  ::waitpid(child_, nullptr, 0);
}

void RawEcho::Send(uint32_t requestSize, uint32_t responseSize) {
  if (requestSize < 4) requestSize = 4;
  out_.assign(4 + requestSize, 0);
  Store32(out_.data(), requestSize);
  Store32(out_.data() + 4, responseSize);
  WriteAll(fd_, out_.data(), out_.size());
}

void RawEcho::ReceiveOne() {
  for (;;) {
    if (inFill_ >= 4) {
      uint32_t length = Load32(in_.data());
      if (inFill_ >= 4 + length) {
        std::memmove(in_.data(), in_.data() + 4 + length, inFill_ - 4 - length);
        inFill_ -= 4 + length;
        return;
      }
    }
    ssize_t n = ::recv(fd_, in_.data() + inFill_, in_.size() - inFill_, 0);
    if (n <= 0) throw std::runtime_error("raw echo: the child went away");
    inFill_ += static_cast<size_t>(n);
  }
}

void RawEcho::RoundTrip(uint32_t requestSize, uint32_t responseSize) {
  Send(requestSize, responseSize);
  ReceiveOne();
}

std::chrono::nanoseconds RawEcho::Pipelined(uint32_t requestSize, uint32_t responseSize, int count,
                                            int window) {
  auto start = std::chrono::steady_clock::now();
  int sent = 0, received = 0;
  while (received < count) {
    while (sent < count && sent - received < window) {
      Send(requestSize, responseSize);
      ++sent;
    }
    ReceiveOne();
    ++received;
  }
  return std::chrono::steady_clock::now() - start;
}

}  // namespace weir::bench
