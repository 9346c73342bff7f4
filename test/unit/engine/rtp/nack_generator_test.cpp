#include "engine/rtp/nack_generator.hpp"

#include <doctest/doctest.h>

#include <array>
#include <vector>

using namespace weir;
using engine::NackGenerator;
using namespace std::chrono_literals;

namespace {

const base::Timestamp kStart = base::FromMillis(5'000'000);

std::vector<uint16_t> Poll(NackGenerator& g, base::Timestamp now) {
  std::array<uint16_t, 64> out{};
  size_t n = g.Poll(now, out);
  return std::vector<uint16_t>(out.begin(), out.begin() + static_cast<long>(n));
}

}  // namespace

TEST_CASE("a gap is requested at once, then again after the RTT, and a recovered packet leaves") {
  NackGenerator g;
  g.SetRtt(50ms);
  CHECK(g.HandlePacket(kStart, 10, false) == NackGenerator::Result::kInOrder);
  CHECK(g.HandlePacket(kStart, 11, false) == NackGenerator::Result::kInOrder);
  CHECK(g.HandlePacket(kStart, 14, false) == NackGenerator::Result::kGap);
  CHECK(g.NextTimeout() == kStart);
  CHECK(Poll(g, kStart) == std::vector<uint16_t>{12, 13});
  CHECK(Poll(g, kStart + 10ms).empty());
  CHECK(g.NextTimeout() == kStart + 50ms);
  CHECK(g.HandlePacket(kStart + 20ms, 12, false) == NackGenerator::Result::kRecovered);
  CHECK(Poll(g, kStart + 50ms) == std::vector<uint16_t>{13});
  CHECK(g.HandlePacket(kStart + 60ms, 12, false) == NackGenerator::Result::kLate);
}

TEST_CASE("retries stop after kMaxRetries and the interval never drops under 20 ms") {
  NackGenerator g;
  g.SetRtt(1ms);
  g.HandlePacket(kStart, 1, false);
  g.HandlePacket(kStart, 3, false);
  int sent = 0;
  for (int i = 0; i < 100; ++i)
    sent += static_cast<int>(Poll(g, kStart + i * 20ms).size());
  CHECK(sent == NackGenerator::kMaxRetries);
  CHECK(g.pending() == 0);
  CHECK(Poll(g, kStart + 10ms).empty());
}

TEST_CASE("entries older than kMaxAge are forgotten") {
  NackGenerator g;
  g.SetRtt(1s);
  g.HandlePacket(kStart, 1, false);
  g.HandlePacket(kStart, 3, false);
  CHECK(Poll(g, kStart).size() == 1);
  CHECK(Poll(g, kStart + 3s).empty());
  CHECK(g.pending() == 0);
}

TEST_CASE("a keyframe drops the older missing packets") {
  NackGenerator g;
  g.HandlePacket(kStart, 1, false);
  g.HandlePacket(kStart, 5, false);
  CHECK(g.pending() == 3);
  g.HandlePacket(kStart, 7, true);
  CHECK(g.pending() == 0);
}

TEST_CASE("a gap too large to repair asks for a keyframe; wrap-around is one gap") {
  NackGenerator g;
  g.HandlePacket(kStart, 100, false);
  CHECK(g.HandlePacket(kStart, 2000, false) == NackGenerator::Result::kKeyFrameRequired);
  CHECK(g.pending() == 0);
  NackGenerator w;
  w.HandlePacket(kStart, 65534, false);
  CHECK(w.HandlePacket(kStart, 1, false) == NackGenerator::Result::kGap);
  CHECK(Poll(w, kStart) == std::vector<uint16_t>{65535, 0});
}

TEST_CASE("Poll respects the output capacity and continues next time") {
  NackGenerator g;
  g.HandlePacket(kStart, 0, false);
  g.HandlePacket(kStart, 101, false);
  std::array<uint16_t, 30> out{};
  CHECK(g.Poll(kStart, out) == 30);
  CHECK(out[0] == 1);
  CHECK(g.Poll(kStart, out) == 30);
  CHECK(out[0] == 31);
}
