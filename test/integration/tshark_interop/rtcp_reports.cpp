// tshark interop: the RTCP reports and source packets (RFC 3550 6.4-6.7): SR, RR, SDES, BYE,
// APP.

#include <string>

#include "interop.hpp"
#include "proto/rtcp/app.hpp"
#include "proto/rtcp/bye.hpp"
#include "proto/rtcp/receiver_report.hpp"
#include "proto/rtcp/sdes.hpp"
#include "proto/rtcp/sender_report.hpp"

namespace weir::interop {
namespace {

namespace rtcp = proto::rtcp;

const rtcp::ReportBlock kBlockA{0xaaaa0001, 25, -5, 0x00017fff, 1234, 0x45678901, 0x00018000};
const rtcp::ReportBlock kBlockB{0xbbbb0002, 0, 100000, 0x0002fffe, 7, 0, 0};

void CheckReportBlocks(const TsharkFrame& t, std::initializer_list<rtcp::ReportBlock> blocks) {
  std::vector<std::optional<uint64_t>> ssrcs, fractions, highs, jitters, lsrs, dlsrs;
  std::vector<std::string> lost;
  for (const auto& b : blocks) {
    ssrcs.push_back(b.ssrc);
    fractions.push_back(b.fractionLost);
    lost.push_back(std::to_string(b.cumulativeLost));
    highs.push_back(b.extendedHighestSeq);
    jitters.push_back(b.jitter);
    lsrs.push_back(b.lastSr);
    dlsrs.push_back(b.delaySinceLastSr);
  }
  CHECK(t.Us("rtcp.ssrc.identifier") == ssrcs);
  CHECK(t.Us("rtcp.ssrc.fraction") == fractions);
  CHECK(t.All("rtcp.ssrc.cum_nr") == lost);
  CHECK(t.Us("rtcp.ssrc.ext_high") == highs);
  CHECK(t.Us("rtcp.ssrc.jitter") == jitters);
  CHECK(t.Us("rtcp.ssrc.lsr") == lsrs);
  CHECK(t.Us("rtcp.ssrc.dlsr") == dlsrs);
}

TEST_CASE("tshark reads Weir's SR, RR, SDES, BYE and APP packets") {
  std::vector<CaptureFrame> frames;
  auto add = [&frames](std::string what, Bytes bytes, std::function<void(const TsharkFrame&)> f) {
    frames.push_back({std::move(what), test::kRtcpPort, std::move(bytes), std::move(f)});
  };

  const rtcp::SenderInfo info{0xe1234567'89abcdefull, 0x10203040, 1000, 1200000};
  const rtcp::ReportBlock srBlocks[] = {kBlockA, kBlockB};
  add("SR with two report blocks",
      BuildRtcp(rtcp::SenderReportBuilder{kSenderSsrc, info, srBlocks}), [&](const TsharkFrame& t) {
        CHECK(t.Us("rtcp.pt") == Nums({200}));
        CHECK(t.U("rtcp.rc") == 2u);
        CHECK(t.U("rtcp.senderssrc") == kSenderSsrc);
        CHECK(t.U("rtcp.timestamp.ntp.msw") == 0xe1234567u);
        CHECK(t.U("rtcp.timestamp.ntp.lsw") == 0x89abcdefu);
        CHECK(t.U("rtcp.timestamp.rtp") == info.rtpTimestamp);
        CHECK(t.U("rtcp.sender.packetcount") == info.packetCount);
        CHECK(t.U("rtcp.sender.octetcount") == info.octetCount);
        CheckReportBlocks(t, {kBlockA, kBlockB});
      });

  const rtcp::ReportBlock rrBlocks[] = {kBlockB};
  add("RR with one report block", BuildRtcp(rtcp::ReceiverReportBuilder{kMediaSsrc, rrBlocks}),
      [&](const TsharkFrame& t) {
        CHECK(t.Us("rtcp.pt") == Nums({201}));
        CHECK(t.U("rtcp.rc") == 1u);
        CHECK(t.U("rtcp.senderssrc") == kMediaSsrc);
        CheckReportBlocks(t, {kBlockB});
      });
  add("empty RR", BuildRtcp(rtcp::ReceiverReportBuilder{kMediaSsrc, {}}),
      [&](const TsharkFrame& t) {
        CHECK(t.Us("rtcp.pt") == Nums({201}));
        CHECK(t.U("rtcp.rc") == 0u);
        CHECK(t.U("rtcp.senderssrc") == kMediaSsrc);
        CHECK(!t.Has("rtcp.ssrc.identifier"));
      });

  const rtcp::SdesItem items1[] = {{rtcp::SdesItemType::kCname, "weir@example.org"},
                                   {rtcp::SdesItemType::kName, "Weir SFU"}};
  const rtcp::SdesItem items2[] = {{rtcp::SdesItemType::kCname, "x"},
                                   {rtcp::SdesItemType::kTool, "weir-test"},
                                   {rtcp::SdesItemType::kNote, ""}};
  const rtcp::SdesChunkSpec sdesChunks[] = {{kSenderSsrc, items1}, {kMediaSsrc, items2}};
  add("SDES with two chunks", BuildRtcp(rtcp::SdesBuilder{sdesChunks}), [&](const TsharkFrame& t) {
    CHECK(t.Us("rtcp.pt") == Nums({202}));
    CHECK(t.U("rtcp.sc") == 2u);
    CHECK(t.Us("rtcp.ssrc.identifier") == Nums({kSenderSsrc, kMediaSsrc}));  // The chunks'.
    // Each chunk ends with an end item (type 0), which tshark lists too.
    CHECK(t.Us("rtcp.sdes.type") == Nums({1, 2, 0, 1, 6, 7, 0}));
    // tshark prints no occurrence for the empty NOTE.
    CHECK(t.All("rtcp.sdes.text") ==
          std::vector<std::string>{"weir@example.org", "Weir SFU", "x", "weir-test"});
    // Lengths of every item but the end items.
    CHECK(t.Us("rtcp.sdes.length") == Nums({16, 8, 1, 9, 0}));
  });

  const uint32_t byeSsrcs[] = {kSenderSsrc, kMediaSsrc};
  add("BYE with two SSRCs and a reason",
      BuildRtcp(rtcp::ByeBuilder{byeSsrcs, std::string_view("session over")}),
      [&](const TsharkFrame& t) {
        CHECK(t.Us("rtcp.pt") == Nums({203}));
        CHECK(t.U("rtcp.sc") == 2u);
        CHECK(t.Us("rtcp.ssrc.identifier") == Nums({kSenderSsrc, kMediaSsrc}));
        // tshark shows the reason with the SDES text field.
        CHECK(t.All("rtcp.sdes.text") == std::vector<std::string>{"session over"});
      });

  const Bytes appData = {1, 2, 3, 4, 5, 6, 7, 8};
  add("APP", BuildRtcp(rtcp::AppBuilder{5, kSenderSsrc, "WEIR", appData}),
      [&](const TsharkFrame& t) {
        CHECK(t.Us("rtcp.pt") == Nums({204}));
        CHECK(t.U("rtcp.app.subtype") == 5u);
        CHECK(t.U("rtcp.ssrc.identifier") == kSenderSsrc);
        CHECK(t.Str("rtcp.app.name") == "WEIR");
        CHECK(t.Str("rtcp.app.data") == Hex(appData));
      });

  test::DissectAndCheck("rtcp_reports", frames,
                        {"rtcp.pt",
                         "rtcp.rc",
                         "rtcp.sc",
                         "rtcp.senderssrc",
                         "rtcp.timestamp.ntp.msw",
                         "rtcp.timestamp.ntp.lsw",
                         "rtcp.timestamp.rtp",
                         "rtcp.sender.packetcount",
                         "rtcp.sender.octetcount",
                         "rtcp.ssrc.identifier",
                         "rtcp.ssrc.fraction",
                         "rtcp.ssrc.cum_nr",
                         "rtcp.ssrc.ext_high",
                         "rtcp.ssrc.jitter",
                         "rtcp.ssrc.lsr",
                         "rtcp.ssrc.dlsr",
                         "rtcp.sdes.type",
                         "rtcp.sdes.length",
                         "rtcp.sdes.text",
                         "rtcp.app.subtype",
                         "rtcp.app.name",
                         "rtcp.app.data"});
}

}  // namespace
}  // namespace weir::interop
