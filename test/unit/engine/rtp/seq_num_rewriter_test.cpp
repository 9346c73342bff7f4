#include "engine/rtp/seq_num_rewriter.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

namespace weir::engine {
namespace {

// Forwards one packet; it must be mappable.
uint16_t Fwd(SeqNumRewriter& r, uint16_t seq) {
  const auto out = r.Rewrite(seq);
  REQUIRE(out);
  return *out;
}

TEST_CASE("seq: the first source keeps its numbering, gaps stay gaps") {
  SeqNumRewriter r;
  CHECK_FALSE(r.maxOutput());
  CHECK(Fwd(r, 1000) == 1000);
  CHECK(Fwd(r, 1001) == 1001);
  CHECK(Fwd(r, 1004) == 1004);  // 1002 and 1003 lost: the receiver must see the hole.
  CHECK(r.maxOutput() == 1004);
  CHECK(Fwd(r, 1002) == 1002);  // Late arrival fills it.
}

TEST_CASE("seq: a chosen first output") {
  SeqNumRewriter r(uint16_t{7});
  CHECK(Fwd(r, 40000) == 7);
  CHECK(Fwd(r, 40001) == 8);
  CHECK(Fwd(r, 40003) == 10);
}

TEST_CASE("seq: drops close up the output") {
  SeqNumRewriter r;
  CHECK(Fwd(r, 10) == 10);
  r.Drop(11);
  CHECK(Fwd(r, 12) == 11);
  r.Drop(13);
  r.Drop(14);
  CHECK(Fwd(r, 15) == 12);
  r.Drop(16);
  r.Drop(16);  // Twice is once.
  CHECK(Fwd(r, 17) == 13);

  SUBCASE("retransmissions map to the same numbers") {
    CHECK(Fwd(r, 10) == 10);
    CHECK(Fwd(r, 12) == 11);
    CHECK(Fwd(r, 15) == 12);
    CHECK(Fwd(r, 17) == 13);
  }
  SUBCASE("a dropped number is not forwarded later") {
    CHECK_FALSE(r.Rewrite(11));
    CHECK_FALSE(r.Rewrite(14));
    CHECK_FALSE(r.Rewrite(16));
  }
  SUBCASE("a drop after a newer packet was forwarded leaves a gap, renumbers nothing") {
    // 18 lost for now, 19 forwarded, then 18 arrives and is dropped.
    CHECK(Fwd(r, 19) == 15);
    r.Drop(18);
    CHECK(Fwd(r, 19) == 15);
    CHECK(Fwd(r, 20) == 16);
  }
}

TEST_CASE("seq: reordering") {
  SeqNumRewriter r;
  CHECK(Fwd(r, 100) == 100);
  CHECK(Fwd(r, 102) == 102);
  CHECK(Fwd(r, 101) == 101);

  SUBCASE("a drop ahead of a late packet") {
    r.Drop(104);
    CHECK(Fwd(r, 105) == 104);
    CHECK(Fwd(r, 103) == 103);  // Arrived late, below the drop: unaffected.
  }
  SUBCASE("drops arriving out of order ahead of the forwarded ones") {
    r.Drop(105);
    r.Drop(104);
    r.Drop(103);
    CHECK(Fwd(r, 106) == 103);
  }
  SUBCASE("a drop inside a gap, then the gap's other packets") {
    r.Drop(105);  // 103, 104 not seen yet.
    CHECK(Fwd(r, 106) == 105);
    CHECK(Fwd(r, 104) == 104);
    CHECK(Fwd(r, 103) == 103);
  }
}

TEST_CASE("seq: wraparound at 65535") {
  SeqNumRewriter r;
  CHECK(Fwd(r, 65533) == 65533);
  r.Drop(65534);
  CHECK(Fwd(r, 65535) == 65534);
  r.Drop(0);
  CHECK(Fwd(r, 1) == 65535);
  CHECK(Fwd(r, 2) == 0);
  CHECK(Fwd(r, 3) == 1);
  CHECK(Fwd(r, 65535) == 65534);  // Retransmission across the wrap.
  CHECK_FALSE(r.Rewrite(0));
  CHECK(r.maxOutput() == 1);
}

TEST_CASE("seq: output wraps independently of the input") {
  SeqNumRewriter r(uint16_t{65534});
  CHECK(Fwd(r, 100) == 65534);
  CHECK(Fwd(r, 101) == 65535);
  CHECK(Fwd(r, 102) == 0);
  r.Drop(103);
  CHECK(Fwd(r, 104) == 1);
}

TEST_CASE("seq: source switches continue at last + 1") {
  SeqNumRewriter r;
  for (uint16_t s = 100; s <= 105; ++s)
    CHECK(Fwd(r, s) == s);
  r.SwitchSource();
  CHECK(Fwd(r, 5000) == 106);
  CHECK(Fwd(r, 5001) == 107);
  CHECK(Fwd(r, 5003) == 109);    // Gap in the new source.
  CHECK_FALSE(r.Rewrite(4999));  // From before the switch point: its number is taken.
  CHECK(Fwd(r, 5000) == 106);    // Retransmission within the new source.
  CHECK(Fwd(r, 5002) == 108);

  SUBCASE("a switch back to a source with a lower, wrapped numbering") {
    r.SwitchSource();
    CHECK(Fwd(r, 65535) == 110);
    CHECK(Fwd(r, 0) == 111);
  }
  SUBCASE("a switch where the first packet of the new source is dropped") {
    r.SwitchSource();
    r.Drop(300);
    CHECK(Fwd(r, 301) == 110);
  }
  SUBCASE("a switch right after drops at the end of the old source") {
    r.Drop(5004);
    r.Drop(5005);
    r.SwitchSource();
    CHECK(Fwd(r, 9) == 110);
  }
  SUBCASE("two switches without a packet in between are one") {
    r.SwitchSource();
    r.SwitchSource();
    CHECK(Fwd(r, 20) == 110);
  }
}

TEST_CASE("seq: the same number after a switch is a new packet") {
  // A producer restarting with the same sequence numbers.
  SeqNumRewriter r;
  CHECK(Fwd(r, 10) == 10);
  CHECK(Fwd(r, 11) == 11);
  r.SwitchSource();
  CHECK(Fwd(r, 10) == 12);
  CHECK(Fwd(r, 11) == 13);
}

TEST_CASE("seq: long runs of alternating drops, and the history limit") {
  SeqNumRewriter r;
  // Forward even, drop odd: each drop is its own run.
  uint16_t expected = 0;
  std::map<uint16_t, uint16_t> given;
  for (uint16_t s = 0; s < 1000; ++s) {
    if (s % 2 == 0) {
      const uint16_t out = Fwd(r, s);
      CHECK(out == expected);
      given[s] = out;
      ++expected;
    } else {
      r.Drop(s);
    }
  }
  // Recent ones (within the last kMaxDropRanges runs) still map the same way.
  for (uint16_t s = 1000 - 2 * CounterRewriter::kMaxDropRanges + 2; s < 1000; s += 2) {
    CHECK(r.Rewrite(s) == given[s]);
  }
  // Older ones are refused rather than mapped to a number that may be wrong.
  CHECK_FALSE(r.Rewrite(0));
  CHECK_FALSE(r.Rewrite(500));
}

TEST_CASE("seq: long runs of consecutive drops take one history entry") {
  SeqNumRewriter r;
  CHECK(Fwd(r, 0) == 0);
  for (uint16_t s = 1; s < 5000; ++s)
    r.Drop(s);
  CHECK(Fwd(r, 5000) == 1);
  CHECK(Fwd(r, 0) == 0);
}

// Property test: random loss, reordering, drops and switches. Checks that
// - an input, once mapped, always maps to the same output (within its source);
// - no two forwarded inputs share an output number;
// - with nothing lost or reordered, outputs are consecutive.
TEST_CASE("seq: randomized properties") {
  std::mt19937 rng(1234);
  for (int round = 0; round < 20; ++round) {
    SeqNumRewriter r;
    std::map<std::pair<int, uint16_t>, uint16_t> mapped;  // (source, seq) -> out
    std::map<uint16_t, std::pair<int, uint16_t>> owner;   // out -> (source, seq)
    int source = 0;
    uint16_t next = static_cast<uint16_t>(rng());
    std::vector<uint16_t> recent;
    for (int i = 0; i < 3000; ++i) {
      const int action = static_cast<int>(rng() % 100);
      uint16_t seq;
      if (action < 8 && !recent.empty()) {
        seq = recent[rng() % recent.size()];  // Reordered or retransmitted.
      } else {
        if (action < 12) next = static_cast<uint16_t>(next + 1 + rng() % 5);  // Loss.
        seq = next++;
        recent.push_back(seq);
        if (recent.size() > 64) recent.erase(recent.begin());
      }
      if (action >= 99) {
        r.SwitchSource();
        ++source;
        next = static_cast<uint16_t>(rng());
        recent.clear();
        continue;
      }
      const auto key = std::make_pair(source, seq);
      if (action >= 70 && action < 85 && !mapped.count(key)) {
        r.Drop(seq);
        continue;
      }
      const auto out = r.Rewrite(seq);
      if (!out) continue;
      if (auto it = mapped.find(key); it != mapped.end()) {
        CHECK(*out == it->second);
      } else {
        mapped[key] = *out;
        // Output numbers wrap every 65536 outputs; these runs are far shorter.
        auto [it2, fresh] = owner.emplace(*out, key);
        CHECK(fresh);
      }
    }
  }
}

TEST_CASE("seq: in order without loss, outputs are consecutive across drops and switches") {
  std::mt19937 rng(99);
  SeqNumRewriter r;
  std::optional<uint16_t> last;
  uint16_t seq = 65000;
  for (int i = 0; i < 20000; ++i) {
    if (rng() % 500 == 0) {
      r.SwitchSource();
      seq = static_cast<uint16_t>(rng());
    }
    if (rng() % 3 == 0) {
      r.Drop(seq++);
      continue;
    }
    const uint16_t out = Fwd(r, seq++);
    if (last) CHECK(out == static_cast<uint16_t>(*last + 1));
    last = out;
  }
}

}  // namespace
}  // namespace weir::engine
