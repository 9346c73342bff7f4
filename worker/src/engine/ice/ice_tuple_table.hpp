#pragma once

// The valid tuples of an ICE-lite agent: every tuple a valid connectivity check came from
// (RFC 8445 7.3.1.4, the lite agent's view of its valid list), each with the time of its last
// valid check (its consent, RFC 7675) and a recency stamp.
//
// The table is bounded: MESSAGE-INTEGRITY does not cover the source address, so one captured
// valid check replayed from many spoofed addresses passes every check, and a peer with many
// candidates legitimately checks from many; neither may grow memory. When full, adding a tuple
// first evicts the least recently checked entry the caller does not protect (the selected
// tuple). Slots are stable: an index stays valid until that slot is erased. Fixed storage,
// nothing allocates.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/time.hpp"
#include "engine/ice/ice_tuple.hpp"

namespace weir::engine {

class IceTupleTable {
 public:
  static constexpr size_t kCapacity = 8;
  static constexpr int kNone = -1;

  // The slot holding tuple, or kNone.
  int Find(const IceTuple& tuple) const;

  // Marks a valid check from tuple at now: refreshes its entry, or adds it. When a full table
  // must make room, the least recently checked entry other than `protect` is erased and its
  // tuple written to *evicted. Returns the tuple's slot.
  int Upsert(const IceTuple& tuple, base::Timestamp now, int protect,
             std::optional<IceTuple>* evicted);

  void Erase(int slot);
  void Clear();

  bool used(int slot) const { return slot >= 0 && slot < kSlots && slots_[slot].used; }
  const IceTuple& tuple(int slot) const { return slots_[slot].tuple; }
  base::Timestamp last_check(int slot) const { return slots_[slot].lastCheck; }
  void set_last_check(int slot, base::Timestamp at) { slots_[slot].lastCheck = at; }
  size_t size() const { return size_; }

  // The most recently checked slot other than `except`, or kNone.
  int MostRecent(int except = kNone) const;
  // The earliest last_check among used slots; nullopt when empty.
  std::optional<base::Timestamp> EarliestCheck() const;

  // Calls f(slot) for every used slot.
  template <typename F>
  void ForEach(F&& f) const {
    for (int i = 0; i < kSlots; ++i) {
      if (slots_[i].used) f(i);
    }
  }

 private:
  static constexpr int kSlots = static_cast<int>(kCapacity);

  struct Slot {
    IceTuple tuple;
    base::Timestamp lastCheck;
    // Recency for eviction, from a counter rather than the clock so equal or backward
    // timestamps still order checks.
    uint64_t lastUse = 0;
    bool used = false;
  };

  std::array<Slot, kCapacity> slots_;
  size_t size_ = 0;
  uint64_t useCounter_ = 0;
};

}  // namespace weir::engine
