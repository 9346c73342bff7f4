#include "engine/dtls/datagram_queue.hpp"

#include <utility>

namespace weir::engine {

DatagramQueue::DatagramQueue(size_t maxDatagrams, size_t maxBytes)
    : slots_(maxDatagrams == 0 ? 1 : maxDatagrams), maxBytes_(maxBytes) {}

bool DatagramQueue::Push(base::ByteView datagram) {
  if (count_ == slots_.size() || datagram.size() > maxBytes_ - bytes_) return false;
  auto& slot = slots_[(head_ + count_) % slots_.size()];
  slot.assign(datagram.begin(), datagram.end());
  ++count_;
  bytes_ += datagram.size();
  return true;
}

bool DatagramQueue::Pop(std::vector<uint8_t>* out) {
  if (count_ == 0) return false;
  auto& slot = slots_[head_];
  std::swap(*out, slot);
  bytes_ -= out->size();
  head_ = (head_ + 1) % slots_.size();
  --count_;
  return true;
}

void DatagramQueue::Clear() {
  head_ = 0;
  count_ = 0;
  bytes_ = 0;
}

}  // namespace weir::engine
