#include "engine/ice/ice_tuple_table.hpp"

namespace weir::engine {

int IceTupleTable::Find(const IceTuple& tuple) const {
  for (int i = 0; i < kSlots; ++i) {
    if (slots_[i].used && slots_[i].tuple == tuple) return i;
  }
  return kNone;
}

int IceTupleTable::Upsert(const IceTuple& tuple, base::Timestamp now, int protect,
                          std::optional<IceTuple>* evicted) {
  int slot = Find(tuple);
  if (slot == kNone) {
    if (size_ == kCapacity) {
      int victim = kNone;
      for (int i = 0; i < kSlots; ++i) {
        if (i == protect) continue;
        if (victim == kNone || slots_[i].lastUse < slots_[victim].lastUse) victim = i;
      }
      // kCapacity > 1, so a full table always has an unprotected slot.
      if (evicted != nullptr) *evicted = slots_[victim].tuple;
      Erase(victim);
    }
    for (int i = 0; i < kSlots; ++i) {
      if (!slots_[i].used) {
        slot = i;
        break;
      }
    }
    slots_[slot].tuple = tuple;
    slots_[slot].used = true;
    ++size_;
  }
  slots_[slot].lastCheck = now;
  slots_[slot].lastUse = ++useCounter_;
  return slot;
}

void IceTupleTable::Erase(int slot) {
  if (!used(slot)) return;
  slots_[slot].used = false;
  --size_;
}

void IceTupleTable::Clear() {
  for (auto& s : slots_)
    s.used = false;
  size_ = 0;
}

int IceTupleTable::MostRecent(int except) const {
  int best = kNone;
  for (int i = 0; i < kSlots; ++i) {
    if (!slots_[i].used || i == except) continue;
    if (best == kNone || slots_[i].lastUse > slots_[best].lastUse) best = i;
  }
  return best;
}

std::optional<base::Timestamp> IceTupleTable::EarliestCheck() const {
  std::optional<base::Timestamp> earliest;
  for (const auto& s : slots_) {
    if (s.used && (!earliest || s.lastCheck < *earliest)) earliest = s.lastCheck;
  }
  return earliest;
}

}  // namespace weir::engine
