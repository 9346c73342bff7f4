#include "engine/dtls/datagram_queue.hpp"

#include <doctest/doctest.h>

using namespace weir;
using engine::DatagramQueue;

TEST_CASE("DatagramQueue: FIFO, bounded by count and bytes, buffers reused") {
  DatagramQueue queue(3, 10);
  std::vector<uint8_t> out;
  CHECK_FALSE(queue.Pop(&out));
  CHECK(queue.Push(std::vector<uint8_t>{1, 2, 3}));
  CHECK(queue.Push(std::vector<uint8_t>{4}));
  CHECK(queue.Push(std::vector<uint8_t>{}));
  CHECK(queue.size() == 3);
  CHECK(queue.bytes() == 4);
  CHECK_FALSE(queue.Push(std::vector<uint8_t>{5}));  // Count bound.
  REQUIRE(queue.Pop(&out));
  CHECK(out == std::vector<uint8_t>{1, 2, 3});
  CHECK_FALSE(queue.Push(std::vector<uint8_t>(10, 0)));  // Byte bound: 1 + 10 > 10.
  CHECK(queue.Push(std::vector<uint8_t>(9, 6)));
  REQUIRE(queue.Pop(&out));
  CHECK(out == std::vector<uint8_t>{4});
  REQUIRE(queue.Pop(&out));
  CHECK(out.empty());
  REQUIRE(queue.Pop(&out));
  CHECK(out == std::vector<uint8_t>(9, 6));
  CHECK(queue.empty());
  CHECK(queue.bytes() == 0);

  // Wrapping around many times keeps order; the caller's buffer comes back as a slot.
  for (int i = 0; i < 100; ++i) {
    REQUIRE(queue.Push(std::vector<uint8_t>{static_cast<uint8_t>(i)}));
    REQUIRE(queue.Pop(&out));
    CHECK(out == std::vector<uint8_t>{static_cast<uint8_t>(i)});
  }
  queue.Push(std::vector<uint8_t>{1});
  queue.Clear();
  CHECK(queue.empty());
  CHECK(queue.bytes() == 0);
  CHECK_FALSE(queue.Pop(&out));
}
