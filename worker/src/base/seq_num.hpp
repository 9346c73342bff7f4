#pragma once

// Serial-number arithmetic for wrapping counters (RTP sequence numbers, timestamps, picture
// ids), RFC 1982 style, and an unwrapper to extended 64-bit values (RFC 3550 A.1).

#include <cstdint>
#include <limits>
#include <type_traits>

namespace weir::base {

// True if a is newer than b, treating a half-range forward distance as newer.
template <typename T>
constexpr bool SeqNewer(T a, T b) {
  static_assert(std::is_unsigned_v<T>);
  constexpr T half = static_cast<T>(std::numeric_limits<T>::max() / 2 + 1);
  if (a == b) return false;
  T forward = static_cast<T>(a - b);
  if (forward == half) return a > b;  // Exactly opposite: break the tie deterministically.
  return forward < half;
}

template <typename T>
constexpr bool SeqNewerOrEqual(T a, T b) {
  return a == b || SeqNewer(a, b);
}

// Forward distance from b to a, modulo the type's range.
template <typename T>
constexpr T SeqForward(T a, T b) {
  return static_cast<T>(a - b);
}

// Maps a wrapping counter of width T onto a monotonically extended int64_t, tolerating
// reordering of up to half the range.
template <typename T>
class SeqUnwrapper {
 public:
  int64_t Unwrap(T value) {
    if (!has_last_) {
      has_last_ = true;
      last_ = value;
      last_extended_ = value;
      return last_extended_;
    }
    int64_t delta;
    if (SeqNewer(value, last_)) {
      delta = static_cast<int64_t>(static_cast<T>(value - last_));
    } else {
      delta = -static_cast<int64_t>(static_cast<T>(last_ - value));
    }
    int64_t extended = last_extended_ + delta;
    if (delta > 0) {
      last_ = value;
      last_extended_ = extended;
    }
    return extended;
  }
  // Returns the extended value without recording it.
  int64_t Peek(T value) const {
    if (!has_last_) return value;
    if (SeqNewer(value, last_)) return last_extended_ + static_cast<T>(value - last_);
    return last_extended_ - static_cast<T>(last_ - value);
  }
  bool has_last() const { return has_last_; }
  int64_t last_extended() const { return last_extended_; }
  void Reset() { has_last_ = false; }

 private:
  bool has_last_ = false;
  T last_ = 0;
  int64_t last_extended_ = 0;
};

}  // namespace weir::base
