// (a) RTP: parse + read extensions + rewrite + restore of a 1200-byte video packet.

#include <array>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "measure.hpp"
#include "proto/rtp/extensions/abs_send_time.hpp"
#include "proto/rtp/extensions/mid.hpp"
#include "proto/rtp/extensions/transport_sequence_number.hpp"
#include "proto/rtp/rtp_packet.hpp"
#include "proto/rtp/rtp_packet_builder.hpp"

namespace weir::bench {
namespace {

namespace ext = proto::rtp::extensions;
using proto::rtp::RtpPacket;

constexpr size_t kPacketSize = 1200;
constexpr uint8_t kMidId = 1;
constexpr uint8_t kAbsSendTimeId = 3;
constexpr uint8_t kTransportCcId = 5;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "bench_parsers: %s\n", what);
  std::exit(1);
}

}  // namespace

CaseFigures BenchRtp(const Options& options) {
  // The packet as Chromium sends video: one-byte extensions, payload up to 1200 bytes.
  const auto abs = ext::AbsSendTime::Serialize(0x123456);
  const auto tsn = ext::TransportSequenceNumber::Serialize(4321);
  const uint8_t mid[] = {'1'};
  proto::rtp::RtpPacketBuilder b;
  b.SetPayloadType(96).SetSequenceNumber(1000).SetTimestamp(90000).SetSsrc(0x11223344);
  b.AddExtension(kMidId, mid).AddExtension(kAbsSendTimeId, abs).AddExtension(kTransportCcId, tsn);
  std::vector<uint8_t> payload(kPacketSize - b.SerializedSize(), 0x5a);
  b.SetPayload(payload);
  std::vector<uint8_t> buf(1500);
  const size_t size = b.Serialize(buf);
  if (size != kPacketSize) Fail("RTP packet build failed");

  uint64_t sink = 0;
  auto op = [&] {
    auto p = RtpPacket::Parse(buf, size);
    if (!p) Fail("RTP parse failed");
    // Read what the router reads: the MID (to find the producer), the transport-wide seq (for
    // transport-cc feedback), the send time (for REMB).
    auto midValue = p->GetExtension(kMidId);
    auto absValue = p->GetExtension(kAbsSendTimeId);
    auto tsnValue = p->GetExtension(kTransportCcId);
    if (!midValue || !absValue || !tsnValue) Fail("RTP extensions missing");
    auto parsedMid = ext::Mid::Parse(*midValue);
    auto sendTime = ext::AbsSendTime::Parse(*absValue);
    auto seqTcc = ext::TransportSequenceNumber::Parse(*tsnValue);
    if (!parsedMid || !sendTime || !seqTcc) Fail("RTP extension values invalid");
    sink += parsedMid->size() + *seqTcc;

    // Rewrite for one consumer...
    const uint32_t ssrc = p->ssrc();
    const uint8_t pt = p->payload_type();
    const uint16_t seq = p->sequence_number();
    const uint32_t ts = p->timestamp();
    const std::array<uint8_t, ext::AbsSendTime::kSize> originalAbs{(*absValue)[0], (*absValue)[1],
                                                                   (*absValue)[2]};
    p->SetSsrc(0xcafef00d);
    p->SetPayloadType(100);
    p->SetSequenceNumber(static_cast<uint16_t>(seq + 1234));
    p->SetTimestamp(ts + 5678);
    p->SetExtension(kAbsSendTimeId, ext::AbsSendTime::Serialize(*sendTime + 1));
    DoNotOptimize(buf.data());  // ...where it would be sent...
    // ...and restore it for the next one.
    p->SetSsrc(ssrc);
    p->SetPayloadType(pt);
    p->SetSequenceNumber(seq);
    p->SetTimestamp(ts);
    p->SetExtension(kAbsSendTimeId, originalAbs);
    DoNotOptimize(buf.data());
  };
  CaseFigures f;
  f.name = "RTP parse + 3 ext read + rewrite + restore";
  f.bytes = size;
  f.op = Measure(op, options);
  f.memcpy = MeasureMemcpy(buf.data(), size, options);
  // The restore must have brought back the very bytes built.
  std::vector<uint8_t> again(1500);
  b.Serialize(again);
  if (!std::equal(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(size), again.begin()))
    Fail("RTP restore changed the packet");
  DoNotOptimize(sink);
  return f;
}

}  // namespace weir::bench
