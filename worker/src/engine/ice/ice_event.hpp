#pragma once

// What an IceServer reports to its owner (polled, never called back; STYLE.md rule 4), and the
// fixed-size queue that holds the reports between two polls.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/ice/ice_tuple.hpp"

namespace weir::engine {

// mediasoup's iceState values, with its meaning (see ice_server.hpp for the transitions).
enum class IceState : uint8_t { kNew, kConnected, kCompleted, kDisconnected, kClosed };

// "new", "connected", "completed", "disconnected", "closed".
std::string_view ToString(IceState state);

struct IceEvent {
  enum class Kind : uint8_t {
    kStateChanged,          // state: the new state.
    kSelectedTupleChanged,  // tuple: the new selected tuple, nullopt when there is none.
    kTupleAdded,            // tuple: passed its first valid check; the transport may accept
                            // DTLS/RTP from it (a WebRtcServer maps it to this transport).
    kTupleRemoved,          // tuple: no longer valid (evicted, consent expired, removed).
    kUfragRetired,          // ufrag: the pre-restart local ufrag no longer accepted.
  };

  Kind kind = Kind::kStateChanged;
  IceState state = IceState::kNew;
  std::optional<IceTuple> tuple;
  std::string ufrag;
};

// A bounded FIFO: the owner polls after every call into the server, so a handful of slots
// suffice (one call produces at most ~12 events); if the owner does not poll, new events are
// dropped and counted rather than growing memory.
class IceEventQueue {
 public:
  static constexpr size_t kCapacity = 32;

  // False (and the event is dropped) when full.
  bool Push(IceEvent event) {
    if (size_ == kCapacity) return false;
    slots_[(head_ + size_) % kCapacity] = std::move(event);
    ++size_;
    return true;
  }
  std::optional<IceEvent> Pop() {
    if (size_ == 0) return std::nullopt;
    IceEvent event = std::move(slots_[head_]);
    head_ = (head_ + 1) % kCapacity;
    --size_;
    return event;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  std::array<IceEvent, kCapacity> slots_;
  size_t head_ = 0;
  size_t size_ = 0;
};

inline std::string_view ToString(IceState state) {
  switch (state) {
    case IceState::kNew:
      return "new";
    case IceState::kConnected:
      return "connected";
    case IceState::kCompleted:
      return "completed";
    case IceState::kDisconnected:
      return "disconnected";
    case IceState::kClosed:
      return "closed";
  }
  return "unknown";
}

}  // namespace weir::engine
