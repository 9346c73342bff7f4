#include "io/clock.hpp"

#include <chrono>

namespace weir::io {

namespace {

struct Origin {
  std::chrono::steady_clock::time_point steady = std::chrono::steady_clock::now();
  int64_t epochMicros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
};

const Origin& GetOrigin() {
  static const Origin origin;
  return origin;
}

}  // namespace

base::Timestamp Now() {
  const Origin& origin = GetOrigin();
  auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - origin.steady);
  return base::FromMicros(origin.epochMicros + elapsed.count());
}

}  // namespace weir::io
