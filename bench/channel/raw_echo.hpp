#pragma once

// The baseline of the channel bench: a child process on a socketpair that answers each frame
// (4-byte little-endian length + payload) at once with a frame whose payload size is given by the
// first 4 bytes of the request's payload. No parsing, no allocation: the cost of two processes
// exchanging frames of those sizes over a socketpair, and nothing else.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <vector>

namespace weir::bench {

class RawEcho {
 public:
  RawEcho();
  ~RawEcho();

  // One round trip: a request of `requestSize` payload bytes, a response of `responseSize`.
  void RoundTrip(uint32_t requestSize, uint32_t responseSize);
  // `count` requests with up to `window` in flight; returns the elapsed time.
  std::chrono::nanoseconds Pipelined(uint32_t requestSize, uint32_t responseSize, int count,
                                     int window);

 private:
  void Send(uint32_t requestSize, uint32_t responseSize);
  void ReceiveOne();

  int fd_ = -1;
  pid_t child_ = 0;
  std::vector<uint8_t> out_;
  std::vector<uint8_t> in_;
  size_t inFill_ = 0;
};

}  // namespace weir::bench
