#include "engine/rtp/timestamp_rewriter.hpp"

#include <doctest/doctest.h>

namespace weir::engine {
namespace {

using base::FromMillis;

TEST_CASE("ts: the first source keeps its timestamps") {
  TimestampRewriter r(90000);
  CHECK_FALSE(r.started());
  CHECK(r.Rewrite(1000, FromMillis(0)) == 1000);
  CHECK(r.Rewrite(1000, FromMillis(1)) == 1000);  // Same frame.
  CHECK(r.Rewrite(4000, FromMillis(33)) == 4000);
  CHECK(r.maxOutput() == 4000);
  CHECK(r.maxOutputAt() == FromMillis(33));
}

TEST_CASE("ts: a switch advances by the elapsed wall time") {
  TimestampRewriter r(90000);
  CHECK(r.Rewrite(90000, FromMillis(1000)) == 90000);
  CHECK(r.Rewrite(93000, FromMillis(1033)) == 93000);
  r.SwitchSource();
  // 500 ms after the newest frame was sent: 45000 ticks later, whatever the new source says.
  CHECK(r.Rewrite(12345, FromMillis(1533)) == 93000 + 45000);
  CHECK(r.Rewrite(12345, FromMillis(1534)) == 138000);         // Same frame, same offset.
  CHECK(r.Rewrite(12345 + 3000, FromMillis(1566)) == 141000);  // Its own timing is kept.
  CHECK(r.Rewrite(12345 - 3000, FromMillis(1570)) == 135000);  // Reordered: older, as it was.
  CHECK(r.maxOutput() == 141000);
}

TEST_CASE("ts: a switch measures from the newest timestamp, not the latest packet") {
  TimestampRewriter r(90000);
  r.Rewrite(10000, FromMillis(0));
  r.Rewrite(13000, FromMillis(33));
  r.Rewrite(10000, FromMillis(40));  // A late packet of the older frame.
  r.SwitchSource();
  CHECK(r.Rewrite(777, FromMillis(133)) == 13000 + 9000);
}

TEST_CASE("ts: a switch moves at least one tick") {
  TimestampRewriter r(90000);
  r.Rewrite(5000, FromMillis(100));
  r.SwitchSource();
  CHECK(r.Rewrite(1, FromMillis(100)) == 5001);  // No time elapsed.
  r.SwitchSource();
  CHECK(r.Rewrite(2, FromMillis(50)) == 5002);  // A clock going backwards.
}

TEST_CASE("ts: wraparound at 2^32") {
  TimestampRewriter r(48000);
  CHECK(r.Rewrite(0xfffffc00u, FromMillis(0)) == 0xfffffc00u);
  CHECK(r.Rewrite(0x00000200u, FromMillis(20)) == 0x00000200u);
  CHECK(r.maxOutput() == 0x200u);  // Newer in serial order.
  CHECK(r.Rewrite(0xfffffe00u, FromMillis(21)) == 0xfffffe00u);
  CHECK(r.maxOutput() == 0x200u);  // Older: not the newest.
  r.SwitchSource();
  // 1 s later at 48 kHz, from a source near the top of the range.
  CHECK(r.Rewrite(0xffffff00u, FromMillis(1020)) == 0x200u + 48000);
  CHECK(r.Rewrite(0x00000100u, FromMillis(1040)) == 0x200u + 48000 + 0x200);
}

TEST_CASE("ts: switch of the output across 2^32") {
  TimestampRewriter r(90000);
  r.Rewrite(0xffffff00u, FromMillis(0));
  r.SwitchSource();
  CHECK(r.Rewrite(42, FromMillis(10)) == 0xffffff00u + 900);  // Wraps to 0x284.
  CHECK(r.maxOutput() == 0x284u);
}

TEST_CASE("ts: a long pause jumps less than half the range") {
  TimestampRewriter r(90000);
  r.Rewrite(0, FromMillis(0));
  r.SwitchSource();
  const uint32_t out = r.Rewrite(5, FromMillis(int64_t{1000} * 3600 * 24 * 365));
  CHECK(out == 0x7fffffffu);
  CHECK(r.maxOutput() == 0x7fffffffu);  // Still newer than 0.
}

TEST_CASE("ts: switches before any packet do nothing") {
  TimestampRewriter r(90000);
  r.SwitchSource();
  CHECK(r.Rewrite(123, FromMillis(5)) == 123);
}

}  // namespace
}  // namespace weir::engine
