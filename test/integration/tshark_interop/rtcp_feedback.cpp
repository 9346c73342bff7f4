// tshark interop: RTCP feedback (RFC 4585 6.2-6.3: generic NACK, PLI, SLI, RPSI; RFC 5104
// 4.3.1: FIR; REMB; transport-wide CC feedback), XR with RRTR and DLRR (RFC 3611 4.4, 4.5), and
// a compound datagram as an SFU sends it (RFC 3550 6.1).

#include <string>

#include "interop.hpp"
#include "proto/rtcp/compound_builder.hpp"
#include "proto/rtcp/extended_report.hpp"
#include "proto/rtcp/fir.hpp"
#include "proto/rtcp/nack.hpp"
#include "proto/rtcp/pli.hpp"
#include "proto/rtcp/remb.hpp"
#include "proto/rtcp/rpsi.hpp"
#include "proto/rtcp/sdes.hpp"
#include "proto/rtcp/sender_report.hpp"
#include "proto/rtcp/sli.hpp"
#include "proto/rtcp/transport_feedback.hpp"
#include "proto/rtcp/transport_feedback_builder.hpp"

namespace weir::interop {
namespace {

namespace rtcp = proto::rtcp;

TEST_CASE("tshark reads Weir's feedback and XR packets, and a compound") {
  std::vector<CaptureFrame> frames;
  auto add = [&frames](std::string what, Bytes bytes, std::function<void(const TsharkFrame&)> f) {
    frames.push_back({std::move(what), test::kRtcpPort, std::move(bytes), std::move(f)});
  };

  const rtcp::NackItem nackItems[] = {{1000, 0x8001}, {65530, 0x0000}};
  const Bytes nackBytes = BuildRtcp(rtcp::NackBuilder{kSenderSsrc, kMediaSsrc, nackItems});
  // What Weir expands the NACK into, in packet order.
  std::vector<std::optional<uint64_t>> nackLost;
  rtcp::Nack::Parse(*rtcp::Packet::Parse(nackBytes))->ForEachLost([&](uint16_t seq) {
    nackLost.push_back(seq);
  });
  add("generic NACK with two items", nackBytes, [&](const TsharkFrame& t) {
    CHECK(t.Us("rtcp.pt") == Nums({205}));
    CHECK(t.U("rtcp.rtpfb.fmt") == 1u);
    CHECK(t.U("rtcp.senderssrc") == kSenderSsrc);
    CHECK(t.U("rtcp.mediassrc") == kMediaSsrc);
    // tshark lists each item's PID, then every sequence number its BLP reports lost.
    CHECK(t.Us("rtcp.rtpfb.nack_pid") == Nums({1000, 1001, 1016, 65530}));
    CHECK(t.Us("rtcp.rtpfb.nack_blp") == Nums({0x8001, 0}));
    CHECK(t.Us("rtcp.rtpfb.nack_pid") == nackLost);
  });

  // Transport-wide CC feedback with every chunk kind: small deltas, a run of losses, a large
  // and a negative delta (2-bit vector), a long run of received packets (run length).
  rtcp::TransportFeedbackBuilder tcc(kSenderSsrc, kMediaSsrc, 9);
  int64_t at = 5'000'000;
  for (uint16_t seq = 65530; seq != 6; ++seq)  // Wraps: 65530..65535, 0..5.
    REQUIRE(tcc.AddReceived(seq, at += (seq % 3 == 0 ? 0 : 1000)));
  REQUIRE(tcc.AddReceived(30, at += 100'000));  // 6..29 lost; a large delta.
  REQUIRE(tcc.AddReceived(31, at -= 2'000));    // Negative.
  for (uint16_t seq = 32; seq < 60; ++seq)
    REQUIRE(tcc.AddReceived(seq, at));
  const Bytes tccBytes = BuildRtcp(tcc);
  auto tccPacket = rtcp::Packet::Parse(tccBytes);
  REQUIRE(tccPacket);
  auto tccView = rtcp::TransportFeedback::Parse(*tccPacket);
  REQUIRE(tccView);
  add("transport-wide CC feedback", tccBytes, [&](const TsharkFrame& t) {
    CHECK(t.Us("rtcp.pt") == Nums({205}));
    CHECK(t.U("rtcp.rtpfb.fmt") == 15u);
    CHECK(t.U("rtcp.senderssrc") == kSenderSsrc);
    CHECK(t.U("rtcp.mediassrc") == kMediaSsrc);
    CHECK(t.U("rtcp.rtpfb.transportcc.baseseq") == 65530u);
    CHECK(t.U("rtcp.rtpfb.transportcc.statuscount") == 66u);
    CHECK(t.U("rtcp.rtpfb.transportcc.reftime") == tccView->reference_time());
    CHECK(t.U("rtcp.rtpfb.transportcc.pktcount") == 9u);
    std::vector<std::optional<uint64_t>> chunks;
    ByteView raw = tccView->chunk_bytes();
    for (size_t i = 0; i + 1 < raw.size(); i += 2)
      chunks.push_back(base::LoadBe16(&raw[i]));
    CHECK(chunks.size() >= 3);
    CHECK(t.Us("rtcp.rtpfb.transportcc.pktchunk") == chunks);
    // Receive deltas as on the wire: one byte for small ones, two (signed) for large ones.
    std::vector<std::optional<uint64_t>> deltas;
    tccView->ForEachStatus([&](const rtcp::TccPacketStatus& status) {
      if (status.symbol == rtcp::TccSymbol::kSmallDelta) deltas.push_back(status.deltaTicks);
      if (status.symbol == rtcp::TccSymbol::kLargeDelta)
        deltas.push_back(static_cast<uint16_t>(status.deltaTicks));
    });
    CHECK(deltas.size() == 12 + 2 + 28);  // 6..29 were lost.
    CHECK(t.Us("rtcp.rtpfb.transportcc.recv_delta") == deltas);
  });

  add("PLI", BuildRtcp(rtcp::PliBuilder{kSenderSsrc, kMediaSsrc}), [&](const TsharkFrame& t) {
    CHECK(t.Us("rtcp.pt") == Nums({206}));
    CHECK(t.U("rtcp.psfb.fmt") == 1u);
    CHECK(t.U("rtcp.senderssrc") == kSenderSsrc);
    CHECK(t.U("rtcp.mediassrc") == kMediaSsrc);
  });

  const rtcp::FirEntry firEntries[] = {{kMediaSsrc, 7}, {0x55556666, 255}};
  add("FIR with two entries", BuildRtcp(rtcp::FirBuilder{kSenderSsrc, firEntries}),
      [&](const TsharkFrame& t) {
        CHECK(t.Us("rtcp.pt") == Nums({206}));
        CHECK(t.U("rtcp.psfb.fmt") == 4u);
        CHECK(t.U("rtcp.senderssrc") == kSenderSsrc);
        CHECK(t.U("rtcp.mediassrc") == 0u);  // RFC 5104 4.3.1.2.
        CHECK(t.Us("rtcp.psfb.fir.fci.ssrc") == Nums({kMediaSsrc, 0x55556666u}));
        CHECK(t.Us("rtcp.psfb.fir.fci.csn") == Nums({7, 255}));
      });

  const uint32_t rembSsrcs[] = {kMediaSsrc, 0x55556666};
  const uint64_t rembBps = 1'500'000;
  const auto rembRate = rtcp::RembBitrate::FromBps(rembBps);
  add("REMB", BuildRtcp(rtcp::RembBuilder{kSenderSsrc, rembBps, rembSsrcs}),
      [&](const TsharkFrame& t) {
        CHECK(t.Us("rtcp.pt") == Nums({206}));
        CHECK(t.U("rtcp.psfb.fmt") == 15u);
        CHECK(t.Str("rtcp.psfb.remb.identifier") == "REMB");
        CHECK(t.U("rtcp.psfb.remb.fci.number_ssrcs") == 2u);
        CHECK(t.Us("rtcp.psfb.remb.fci.ssrc") == Nums({kMediaSsrc, 0x55556666u}));
        CHECK(t.U("rtcp.psfb.remb.fci.br_exp") == rembRate.exponent);
        CHECK(t.U("rtcp.psfb.remb.fci.br_mantissa") == rembRate.mantissa);
        // The encoded rate truncates, never exceeds, and loses less than one mantissa step.
        const uint64_t decoded = uint64_t{*t.U("rtcp.psfb.remb.fci.br_mantissa")}
                                 << *t.U("rtcp.psfb.remb.fci.br_exp");
        CHECK(decoded <= rembBps);
        CHECK(rembBps - decoded < (uint64_t{1} << rembRate.exponent));
      });

  // SLI (RFC 4585 6.3.2): First = 5, Number = 100, PictureID = 33.
  const uint32_t sliWord = (5u << 19) | (100u << 6) | 33u;
  const Bytes sliFci = {static_cast<uint8_t>(sliWord >> 24), static_cast<uint8_t>(sliWord >> 16),
                        static_cast<uint8_t>(sliWord >> 8), static_cast<uint8_t>(sliWord)};
  add("SLI", BuildRtcp(rtcp::SliBuilder{kSenderSsrc, kMediaSsrc, sliFci}),
      [&](const TsharkFrame& t) {
        CHECK(t.Us("rtcp.pt") == Nums({206}));
        CHECK(t.U("rtcp.psfb.fmt") == 2u);
        CHECK(t.U("rtcp.psfb.fir.sli.first") == 5u);
        CHECK(t.U("rtcp.psfb.fir.sli.number") == 100u);
        CHECK(t.U("rtcp.psfb.fir.sli.picture_id") == 33u);
      });

  // RPSI (RFC 4585 6.3.3): PB = 0, PT 96, a 16-bit native RPSI bit string.
  const Bytes rpsiFci = {0x00, 0x60, 0xab, 0xcd};
  add("RPSI", BuildRtcp(rtcp::RpsiBuilder{kSenderSsrc, kMediaSsrc, rpsiFci}),
      [&](const TsharkFrame& t) {
        CHECK(t.Us("rtcp.pt") == Nums({206}));
        CHECK(t.U("rtcp.psfb.fmt") == 3u);
        CHECK(t.U("rtcp.senderssrc") == kSenderSsrc);
        CHECK(t.U("rtcp.mediassrc") == kMediaSsrc);
        CHECK(t.Str("rtcp.fci") == Hex(rpsiFci));
      });

  const rtcp::DlrrSubBlock dlrr[] = {{kMediaSsrc, 0x12345678, 0x00020000},
                                     {0x55556666, 0x9abcdef0, 1}};
  add("XR with RRTR and DLRR blocks",
      BuildRtcp(rtcp::ExtendedReportBuilder{kSenderSsrc, 0xe1234567'89abcdefull, dlrr}),
      [&](const TsharkFrame& t) {
        CHECK(t.Us("rtcp.pt") == Nums({207}));
        CHECK(t.U("rtcp.senderssrc") == kSenderSsrc);
        CHECK(t.Us("rtcp.xr.bt") == Nums({4, 5}));
        CHECK(t.Us("rtcp.xr.bl") == Nums({2, 6}));
        CHECK(t.Us("rtcp.xr.lrr") == Nums({0x12345678u, 0x9abcdef0u}));
        CHECK(t.Us("rtcp.xr.dlrr") == Nums({0x00020000u, 1u}));
        CHECK(t.Us("rtcp.ssrc.identifier") == Nums({kMediaSsrc, 0x55556666u}));
      });

  // A compound as an SFU sends it (RFC 3550 6.1): SR, SDES, then feedback.
  Bytes compoundBuf(1200);
  rtcp::CompoundBuilder compound(compoundBuf);
  const rtcp::SenderInfo info{0xe1234567'89abcdefull, 0x10203040, 1000, 1200000};
  const rtcp::ReportBlock oneBlock[] = {{0xaaaa0001, 25, -5, 0x00017fff, 1234, 0, 0}};
  REQUIRE(compound.Add(rtcp::SenderReportBuilder{kSenderSsrc, info, oneBlock}));
  REQUIRE(compound.Add(rtcp::CnameSdesBuilder{kSenderSsrc, "weir@example.org"}));
  REQUIRE(compound.Add(rtcp::NackBuilder{kSenderSsrc, kMediaSsrc, nackItems}));
  REQUIRE(compound.Add(tcc));
  REQUIRE(compound.Add(rtcp::PliBuilder{kSenderSsrc, kMediaSsrc}));
  REQUIRE(compound.Add(rtcp::RembBuilder{kSenderSsrc, rembBps, rembSsrcs}));
  compoundBuf.resize(compound.size());
  add("compound: SR, SDES, NACK, TCC, PLI, REMB", compoundBuf, [&](const TsharkFrame& t) {
    CHECK(t.Us("rtcp.pt") == Nums({200, 202, 205, 205, 206, 206}));
    CHECK(t.Us("rtcp.senderssrc") ==
          Nums({kSenderSsrc, kSenderSsrc, kSenderSsrc, kSenderSsrc, kSenderSsrc}));
    // The SR's report block, then the SDES chunk.
    CHECK(t.Us("rtcp.ssrc.identifier") == Nums({0xaaaa0001u, kSenderSsrc}));
    CHECK(t.Us("rtcp.rtpfb.fmt") == Nums({1, 15}));
    CHECK(t.Us("rtcp.psfb.fmt") == Nums({1, 15}));
    CHECK(t.Us("rtcp.rtpfb.nack_pid") == nackLost);
    CHECK(t.U("rtcp.rtpfb.transportcc.statuscount") == 66u);
    CHECK(t.U("rtcp.psfb.remb.fci.br_mantissa") == rembRate.mantissa);
    // Every packet's length field agrees with the datagram.
    std::vector<std::optional<uint64_t>> lengths;
    rtcp::CompoundReader reader(compoundBuf);
    while (auto p = reader.Next())
      lengths.push_back(p->header.length);
    CHECK(reader.done());
    CHECK(t.Us("rtcp.length") == lengths);
  });

  test::DissectAndCheck("rtcp_feedback", frames,
                        {"rtcp.pt",
                         "rtcp.length",
                         "rtcp.senderssrc",
                         "rtcp.mediassrc",
                         "rtcp.ssrc.identifier",
                         "rtcp.rtpfb.fmt",
                         "rtcp.psfb.fmt",
                         "rtcp.rtpfb.nack_pid",
                         "rtcp.rtpfb.nack_blp",
                         "rtcp.rtpfb.transportcc.baseseq",
                         "rtcp.rtpfb.transportcc.statuscount",
                         "rtcp.rtpfb.transportcc.reftime",
                         "rtcp.rtpfb.transportcc.pktcount",
                         "rtcp.rtpfb.transportcc.pktchunk",
                         "rtcp.rtpfb.transportcc.recv_delta",
                         "rtcp.psfb.fir.fci.ssrc",
                         "rtcp.psfb.fir.fci.csn",
                         "rtcp.psfb.remb.identifier",
                         "rtcp.psfb.remb.fci.number_ssrcs",
                         "rtcp.psfb.remb.fci.ssrc",
                         "rtcp.psfb.remb.fci.br_exp",
                         "rtcp.psfb.remb.fci.br_mantissa",
                         "rtcp.psfb.fir.sli.first",
                         "rtcp.psfb.fir.sli.number",
                         "rtcp.psfb.fir.sli.picture_id",
                         "rtcp.fci",
                         "rtcp.xr.bt",
                         "rtcp.xr.bl",
                         "rtcp.xr.lrr",
                         "rtcp.xr.dlrr"});
}

}  // namespace
}  // namespace weir::interop
