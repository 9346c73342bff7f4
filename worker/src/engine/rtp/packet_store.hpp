#pragma once

// Keeps the most recent packets of one stream, by sequence number, so that retransmission
// requests (NACK) can be answered. Storage is one contiguous block allocated on the first insert
// (an idle stream costs nothing) and reused as a ring afterwards: no allocation per packet.

#include <cstdint>
#include <memory>
#include <optional>

#include "base/bytes.hpp"
#include "base/time.hpp"

namespace weir::engine {

class PacketStore {
 public:
  static constexpr size_t kMaxPacketSize = 1500;

  struct Stored {
    base::ByteView data;
    base::Timestamp storedAt;
  };

  // `capacity` packets (rounded up to a power of two), kept at most `maxAge`.
  PacketStore(size_t capacity, base::Duration maxAge);

  // Copies the packet; packets larger than kMaxPacketSize are not stored.
  void Insert(base::Timestamp now, uint16_t seq, base::ByteView packet);
  std::optional<Stored> Get(base::Timestamp now, uint16_t seq) const;
  void Clear();

  size_t capacity() const { return mask_ + 1; }
  bool allocated() const { return storage_ != nullptr; }

 private:
  struct Slot {
    base::Timestamp storedAt;
    uint16_t seq;
    uint16_t length;  // 0: empty.
  };

  size_t mask_;
  base::Duration maxAge_;
  std::unique_ptr<Slot[]> slots_;
  std::unique_ptr<uint8_t[]> storage_;
};

}  // namespace weir::engine
