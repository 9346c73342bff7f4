#pragma once

// A bounded FIFO of datagrams whose buffers are reused: Push copies into a slot (keeping the
// slot's capacity), Pop swaps the slot with the caller's vector, so a caller that polls into the
// same vector every time makes no allocation once buffers have grown. Full means refused: the
// owner counts the drop, memory never grows past the bounds set at construction.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/bytes.hpp"

namespace weir::engine {

class DatagramQueue {
 public:
  DatagramQueue(size_t maxDatagrams, size_t maxBytes);

  // False (nothing queued) when either bound would be exceeded.
  bool Push(base::ByteView datagram);
  // Moves the oldest datagram into `*out`; false when empty.
  bool Pop(std::vector<uint8_t>* out);
  void Clear();

  size_t size() const { return count_; }
  size_t bytes() const { return bytes_; }
  bool empty() const { return count_ == 0; }

 private:
  std::vector<std::vector<uint8_t>> slots_;
  size_t maxBytes_;
  size_t head_ = 0;
  size_t count_ = 0;
  size_t bytes_ = 0;
};

}  // namespace weir::engine
