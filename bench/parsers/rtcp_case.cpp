// (b) RTCP: an SR + SDES + NACK + transport-cc compound parsed fully.

#include <array>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "measure.hpp"
#include "proto/rtcp/compound_builder.hpp"
#include "proto/rtcp/compound_reader.hpp"
#include "proto/rtcp/nack.hpp"
#include "proto/rtcp/sdes.hpp"
#include "proto/rtcp/sender_report.hpp"
#include "proto/rtcp/transport_feedback.hpp"
#include "proto/rtcp/transport_feedback_builder.hpp"

namespace weir::bench {
namespace {

namespace rtcp = proto::rtcp;

constexpr uint32_t kSsrc = 0x11223344;
constexpr uint32_t kMediaSsrc = 0x55667788;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "bench_parsers: %s\n", what);
  std::exit(1);
}

// What a receiving browser sends in one compound: its SR, its CNAME, a NACK for a few losses,
// and transport-cc feedback for ~100 ms of video (80 packets, a loss burst, a late packet).
std::vector<uint8_t> BuildCompound() {
  std::vector<uint8_t> buf(1200);
  rtcp::CompoundBuilder compound(buf);
  const rtcp::ReportBlock blocks[] = {{kMediaSsrc, 3, 12, 0x0001'2345, 40, 0x12345678, 0x9000}};
  bool ok = compound.Add(
      rtcp::SenderReportBuilder{kSsrc, {0xe1234567'89abcdefull, 123456, 1000, 1200000}, blocks});
  ok = ok && compound.Add(rtcp::CnameSdesBuilder{kSsrc, "nOzJ3sBgVfB7cZ2e"});
  const uint16_t lost[] = {1000, 1001, 1005, 1030, 1031, 1047};
  std::array<rtcp::NackItem, 8> items;
  auto packed = rtcp::BuildNackItems(lost, items);
  ok = ok && compound.Add(
                 rtcp::NackBuilder{kSsrc, kMediaSsrc, std::span(items.data(), packed.itemCount)});
  rtcp::TransportFeedbackBuilder tcc(kSsrc, kMediaSsrc, 17);
  int64_t at = 10'000'000;
  for (uint16_t seq = 500; seq < 580; ++seq) {
    if (seq >= 530 && seq < 534) continue;  // A loss burst.
    at += seq == 560 ? 40'000 : 1'250;      // One late packet (a 2-byte delta).
    ok = ok && tcc.AddReceived(seq, at);
  }
  ok = ok && compound.Add(tcc);
  if (!ok) Fail("RTCP compound build failed");
  buf.resize(compound.size());
  return buf;
}

}  // namespace

CaseFigures BenchRtcp(const Options& options) {
  const std::vector<uint8_t> datagram = BuildCompound();
  uint64_t sink = 0;
  auto op = [&] {
    rtcp::CompoundReader reader(datagram);
    size_t packets = 0;
    while (auto packet = reader.Next()) {
      ++packets;
      switch (packet->type()) {
        case rtcp::PacketType::kSr: {
          auto sr = rtcp::SenderReport::Parse(*packet);
          if (!sr) Fail("SR parse failed");
          sink += sr->sender_info().packetCount;
          for (size_t i = 0; i < sr->report_count(); ++i)
            sink += sr->report_block(i).jitter;
          break;
        }
        case rtcp::PacketType::kSdes: {
          auto sdes = rtcp::Sdes::Parse(*packet);
          if (!sdes) Fail("SDES parse failed");
          auto chunks = sdes->chunks();
          while (auto chunk = chunks.Next())
            sink += chunk->cname().value_or("").size();
          break;
        }
        case rtcp::PacketType::kRtpfb:
          if (packet->count() == static_cast<uint8_t>(rtcp::RtpfbFmt::kNack)) {
            auto nack = rtcp::Nack::Parse(*packet);
            if (!nack) Fail("NACK parse failed");
            std::array<uint16_t, 64> seqs;
            size_t n = nack->ExpandLost(seqs);
            for (size_t i = 0; i < n; ++i)
              sink += seqs[i];
          } else {
            auto fb = rtcp::TransportFeedback::Parse(*packet);
            if (!fb) Fail("transport-cc parse failed");
            fb->ForEachStatus([&](const rtcp::TccPacketStatus& s) {
              sink += s.seq + static_cast<uint64_t>(s.received() ? s.arrivalUs : 0);
            });
          }
          break;
        default:
          Fail("unexpected RTCP packet");
      }
    }
    if (packets != 4 || !reader.done()) Fail("RTCP compound not read whole");
  };
  CaseFigures f;
  f.name = "RTCP SR+SDES+NACK+TCC(80) full parse";
  f.bytes = datagram.size();
  f.op = Measure(op, options);
  f.memcpy = MeasureMemcpy(datagram.data(), datagram.size(), options);
  DoNotOptimize(sink);
  return f;
}

}  // namespace weir::bench
