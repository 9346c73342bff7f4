// The forwarding path must not allocate (DESIGN.md "Hot path rules"): parse a typical 1200-byte
// video packet with 3 extensions, read them, rewrite SSRC/PT/seq/ts and one extension value,
// restore, and wrap it in RTX and back, with the global operator new counted.

#include <doctest/doctest.h>

#include <vector>

#include "proto/rtp/extensions/abs_send_time.hpp"
#include "proto/rtp/extensions/mid.hpp"
#include "proto/rtp/extensions/transport_sequence_number.hpp"
#include "proto/rtp/rtp_packet.hpp"
#include "proto/rtp/rtp_packet_builder.hpp"
#include "proto/rtp/rtx.hpp"
#include "support/alloc_counter.hpp"

namespace weir::proto::rtp {
namespace {

TEST_CASE("AllocationScope counts (sanity check of the counter itself)") {
  test::AllocationScope scope;
  std::vector<int> v(100);
  uint64_t n = scope.count();
  CHECK(v.size() == 100);
  CHECK(n >= 1);
}

TEST_CASE("Parse and rewrite of a 1200-byte packet with 3 extensions allocate nothing") {
  std::vector<uint8_t> payload(1200 - 12 - 16, 0x42);
  std::vector<uint8_t> buffer(1500);
  const std::vector<uint8_t> mid{'1'};
  const auto ast = extensions::AbsSendTime::Serialize(0x123456);
  const auto twcc = extensions::TransportSequenceNumber::Serialize(777);
  RtpPacketBuilder builder;
  builder.SetPayloadType(96)
      .SetSequenceNumber(1000)
      .SetTimestamp(90000)
      .SetSsrc(0x11111111)
      .AddExtension(1, mid)
      .AddExtension(2, ast)
      .AddExtension(3, twcc)
      .SetPayload(payload);
  const size_t size = builder.Serialize(buffer);
  REQUIRE(size == 1200);

  uint64_t allocations;
  bool ok = true;
  {
    test::AllocationScope scope;
    for (int i = 0; i < 1000; ++i) {
      auto p = RtpPacket::Parse(buffer, size);
      ok = ok && p.has_value();
      if (!p) break;
      auto m = extensions::Mid::Parse(*p->GetExtension(1));
      auto a = extensions::AbsSendTime::Parse(*p->GetExtension(2));
      auto t = extensions::TransportSequenceNumber::Parse(*p->GetExtension(3));
      ok = ok && m && *m == "1" && a == 0x123456u && t == 777;
      // Per-consumer rewrite, then restore.
      const uint32_t ssrc = p->ssrc();
      const uint8_t pt = p->payload_type();
      const uint16_t seq = p->sequence_number();
      const uint32_t ts = p->timestamp();
      p->SetSsrc(0x22222222);
      p->SetPayloadType(100);
      p->SetSequenceNumber(static_cast<uint16_t>(seq + 5));
      p->SetTimestamp(ts + 3000);
      ok = ok && p->SetExtension(
                     3, extensions::TransportSequenceNumber::Serialize(static_cast<uint16_t>(i)));
      ok = ok && RtxEncapsulate(*p, 97, 0x33333333, static_cast<uint16_t>(i));
      ok = ok && RtxDecapsulate(*p, pt, ssrc);
      p->SetSequenceNumber(seq);
      p->SetTimestamp(ts);
      ok = ok && p->SetExtension(3, twcc);
      ok = ok && p->size() == size;
    }
    allocations = scope.count();
  }
  CHECK(ok);
  CHECK(allocations == 0);
}

}  // namespace
}  // namespace weir::proto::rtp
