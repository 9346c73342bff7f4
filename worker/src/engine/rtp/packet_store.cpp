#include "engine/rtp/packet_store.hpp"

#include <bit>
#include <cstring>

namespace weir::engine {

PacketStore::PacketStore(size_t capacity, base::Duration maxAge)
    : mask_(std::bit_ceil(capacity < 1 ? size_t{1} : capacity) - 1), maxAge_(maxAge) {}

void PacketStore::Insert(base::Timestamp now, uint16_t seq, base::ByteView packet) {
  if (packet.size() > kMaxPacketSize || packet.empty()) return;
  if (!storage_) {
    slots_ = std::make_unique<Slot[]>(mask_ + 1);
    storage_ = std::make_unique<uint8_t[]>((mask_ + 1) * kMaxPacketSize);
    for (size_t i = 0; i <= mask_; ++i)
      slots_[i].length = 0;
  }
  size_t index = seq & mask_;
  std::memcpy(storage_.get() + index * kMaxPacketSize, packet.data(), packet.size());
  slots_[index] = {now, seq, static_cast<uint16_t>(packet.size())};
}

std::optional<PacketStore::Stored> PacketStore::Get(base::Timestamp now, uint16_t seq) const {
  if (!storage_) return std::nullopt;
  size_t index = seq & mask_;
  const Slot& slot = slots_[index];
  if (slot.length == 0 || slot.seq != seq || now - slot.storedAt > maxAge_) return std::nullopt;
  return Stored{base::ByteView(storage_.get() + index * kMaxPacketSize, slot.length),
                slot.storedAt};
}

void PacketStore::Clear() {
  if (!slots_) return;
  for (size_t i = 0; i <= mask_; ++i)
    slots_[i].length = 0;
}

}  // namespace weir::engine
