#pragma once

// Which trace events an object emits (enableTraceEvent), as a small bit set.

#include <cstdint>

#include "sfu/notifier.hpp"

namespace weir::sfu {

class TraceTypes {
 public:
  void Set(uint32_t mask) { mask_ = mask; }
  uint32_t mask() const { return mask_; }
  bool Has(TraceType type) const { return (mask_ & Bit(type)) != 0; }
  static constexpr uint32_t Bit(TraceType type) { return 1u << static_cast<uint32_t>(type); }
  bool any() const { return mask_ != 0; }

 private:
  uint32_t mask_ = 0;
};

}  // namespace weir::sfu
