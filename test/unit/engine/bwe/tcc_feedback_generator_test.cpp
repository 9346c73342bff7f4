#include "engine/bwe/tcc_feedback_generator.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "proto/rtcp/compound_reader.hpp"
#include "proto/rtcp/transport_feedback.hpp"

using namespace weir;
using namespace std::chrono_literals;

namespace {

struct Report {
  uint16_t seq;
  bool received;
};

std::vector<Report> Parse(const std::vector<std::vector<uint8_t>>& packets) {
  std::vector<Report> out;
  for (const auto& bytes : packets) {
    proto::rtcp::CompoundReader reader(bytes);
    for (const auto& packet : reader) {
      auto feedback = proto::rtcp::TransportFeedback::Parse(packet);
      REQUIRE(feedback);
      feedback->ForEachStatus([&](const proto::rtcp::TccPacketStatus& s) {
        out.push_back({s.seq, s.symbol != proto::rtcp::TccSymbol::kNotReceived});
      });
    }
  }
  return out;
}

}  // namespace

TEST_CASE("reports every packet after the interval, in order, with gaps as not received") {
  engine::TccFeedbackGenerator tcc;
  base::Timestamp t0 = base::FromMillis(10'000);
  CHECK(tcc.NextTimeout() == base::kNever);
  tcc.OnPacket(t0, 65534, 7);
  tcc.OnPacket(t0 + 5ms, 1, 7);      // 65535 and 0 lost, across the wrap.
  tcc.OnPacket(t0 + 6ms, 65535, 7);  // ... and 65535 arrives late.
  CHECK(tcc.NextTimeout() == t0 + engine::TccFeedbackGenerator::kInterval);
  std::vector<std::vector<uint8_t>> sent;
  tcc.Flush(99, [&](base::ByteView p) { sent.emplace_back(p.begin(), p.end()); });
  REQUIRE(sent.size() == 1);
  auto reports = Parse(sent);
  REQUIRE(reports.size() == 4);
  CHECK(reports[0].seq == 65534);
  CHECK(reports[0].received);
  CHECK(reports[1].seq == 65535);
  CHECK(reports[1].received);
  CHECK(reports[2].seq == 0);
  CHECK_FALSE(reports[2].received);
  CHECK(reports[3].seq == 1);
  CHECK(reports[3].received);
  CHECK(tcc.NextTimeout() == base::kNever);
  // A late duplicate of something reported is not reported again.
  tcc.OnPacket(t0 + 200ms, 1, 7);
  CHECK(tcc.NextTimeout() == base::kNever);
}

TEST_CASE("many packets split into several feedback packets; memory is bounded") {
  engine::TccFeedbackGenerator tcc;
  base::Timestamp t0 = base::FromMillis(20'000);
  for (int i = 0; i < 3000; ++i)
    tcc.OnPacket(t0 + i * 1ms, static_cast<uint16_t>(i * 3), 1);
  std::vector<std::vector<uint8_t>> sent;
  tcc.Flush(1, [&](base::ByteView p) { sent.emplace_back(p.begin(), p.end()); });
  CHECK(sent.size() > 1);
  size_t received = 0;
  for (const auto& r : Parse(sent))
    received += r.received ? 1 : 0;
  CHECK(received == engine::TccFeedbackGenerator::kMaxPending);
  CHECK(tcc.packets_reported() == engine::TccFeedbackGenerator::kMaxPending);
}
