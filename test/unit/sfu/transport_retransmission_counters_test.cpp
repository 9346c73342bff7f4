// A consumer's retransmissions (RTX answers to NACKs) are the transport's RTX traffic, not media
// sent: rtpPacketsSent/rtpBytesSent count each packet once, rtxBytesSent the repairs.

#include <doctest/doctest.h>

#include <array>
#include <vector>

#include "base/bytes.hpp"
#include "proto/rtcp/compound_builder.hpp"
#include "proto/rtcp/nack.hpp"
#include "sfu/ortc/consumer_parameters.hpp"
#include "sfu/ortc/producer_mapping.hpp"
#include "sfu/plain_transport.hpp"
#include "sfu/router.hpp"
#include "sfu/worker.hpp"
#include "support/fake_environment.hpp"

using namespace weir::sfu;
namespace base = weir::base;
namespace rtcp = weir::proto::rtcp;
namespace test = weir::test;

namespace {

constexpr uint32_t kSourceSsrc = 0x1111;
constexpr size_t kPacketSize = 12 + 100;

RtpCodecCapability Vp8Capability() {
  RtpCodecCapability c;
  c.kind = MediaKind::kVideo;
  c.mimeType = "video/VP8";
  c.clockRate = 90000;
  return c;
}

RtpParameters ProducerParameters() {
  RtpParameters p;
  RtpCodecParameters vp8;
  vp8.mimeType = "video/VP8";
  vp8.payloadType = 96;
  vp8.clockRate = 90000;
  vp8.rtcpFeedback = {{"nack", ""}, {"nack", "pli"}};
  p.codecs.push_back(vp8);
  RtpEncodingParameters encoding;
  encoding.ssrc = kSourceSsrc;
  p.encodings.push_back(encoding);
  return p;
}

// A VP8 packet whose descriptor starts a keyframe (RFC 7741 4.2, 4.3), kPacketSize bytes.
std::vector<uint8_t> Vp8Packet(uint16_t seq) {
  std::vector<uint8_t> p(kPacketSize, 0xAB);
  p[0] = 0x80;
  p[1] = 96;
  base::StoreBe16(&p[2], seq);
  base::StoreBe32(&p[4], seq * 3000u);
  base::StoreBe32(&p[8], kSourceSsrc);
  p[12] = 0x10;  // S=1, PID 0.
  p[13] = 0x00;  // P=0: a keyframe.
  return p;
}

struct Session {
  test::FakeEnvironment fake;
  Worker worker{WorkerSettings{}, fake.env};
  Router& router = worker.CreateRouter("r", {Vp8Capability()});
  PlainTransport* in = nullptr;
  PlainTransport* out = nullptr;
  Consumer* consumer = nullptr;
  std::unique_ptr<test::FakeNetwork::Peer> sender = fake.network.CreatePeer("127.0.0.1", 6000);
  std::unique_ptr<test::FakeNetwork::Peer> receiver = fake.network.CreatePeer("127.0.0.1", 7000);
  uint32_t nextSsrc = 1000;

  Session() {
    PlainTransportOptions inOptions;
    inOptions.listenInfo.ip = "127.0.0.1";
    inOptions.comedia = true;
    in = &router.CreatePlainTransport("in", inOptions);
    PlainTransportOptions outOptions;
    outOptions.listenInfo.ip = "127.0.0.1";
    out = &router.CreatePlainTransport("out", outOptions);
    PlainConnectParams connect;
    connect.ip = "127.0.0.1";
    connect.port = 7000;
    out->Connect(connect);

    auto ssrcs = [this] { return nextSsrc++; };
    ProducerOptions p;
    p.id = "p";
    p.kind = MediaKind::kVideo;
    p.rtpParameters = ProducerParameters();
    p.rtpMapping = ortc::GetProducerRtpMapping(p.rtpParameters, router.rtpCapabilities(), ssrcs);
    p.consumableRtpParameters = ortc::GetConsumableRtpParameters(
        p.kind, p.rtpParameters, router.rtpCapabilities(), p.rtpMapping);
    Producer& producer = in->Produce(std::move(p));
    ConsumerOptions c;
    c.id = "c";
    c.producerId = "p";
    c.kind = MediaKind::kVideo;
    c.rtpParameters = ortc::GetConsumerRtpParameters(producer.consumableRtpParameters(),
                                                     router.rtpCapabilities(), {}, ssrcs);
    consumer = &out->Consume(std::move(c), producer);
  }

  void SendMedia(uint16_t seq) {
    auto packet = Vp8Packet(seq);
    base::SocketAddress to = *base::SocketAddress::Parse("127.0.0.1", in->tuple().localPort);
    sender->socket->Send(base::ByteView(packet.data(), packet.size()), to);
    fake.network.Pump();
  }

  // The receiver NACKs `seq` of the consumer's output (RFC 4585 6.2.1).
  void Nack(uint16_t seq) {
    std::array<uint8_t, 64> buffer;
    rtcp::CompoundBuilder compound(buffer);
    rtcp::NackItem item{seq, 0};
    compound.Add(rtcp::NackBuilder{0x42, *consumer->rtpParameters().encodings[0].ssrc,
                                   std::span<const rtcp::NackItem>(&item, 1)});
    base::SocketAddress to = *base::SocketAddress::Parse("127.0.0.1", out->tuple().localPort);
    receiver->socket->Send(compound.data(), to);
    fake.network.Pump();
  }
};

}  // namespace

TEST_CASE("retransmissions count as the transport's RTX, media packets once") {
  Session s;
  for (uint16_t seq = 100; seq < 110; ++seq)
    s.SendMedia(seq);
  TransportCounters& c = s.out->counters();
  REQUIRE(s.receiver->inbox.size() == 10);
  CHECK(c.rtpPacketsSent == 10);
  CHECK(c.rtpBytesSent == 10 * kPacketSize);
  CHECK(c.rtxBytesSent == 0);

  // The first output packet's sequence number, then a NACK for the 4th and 7th.
  const auto& first = s.receiver->inbox[0].data;
  const uint16_t firstSeq = base::LoadBe16(&first[2]);
  s.Nack(static_cast<uint16_t>(firstSeq + 3));
  s.Nack(static_cast<uint16_t>(firstSeq + 6));
  REQUIRE(s.receiver->inbox.size() == 12);
  // RFC 4588 4: an RTX packet carries the original sequence number (2 bytes) before the payload.
  const auto& rtx = s.receiver->inbox[10].data;
  CHECK(rtx.size() == kPacketSize + 2);
  CHECK(base::LoadBe32(&rtx[8]) == s.consumer->rtpParameters().encodings[0].rtx->ssrc);
  CHECK(base::LoadBe16(&rtx[12]) == firstSeq + 3);

  CHECK(c.rtpPacketsSent == 10);
  CHECK(c.rtpBytesSent == 10 * kPacketSize);
  CHECK(c.rtxBytesSent == 2 * (kPacketSize + 2));
  CHECK(c.rtxSendRate.GetRate(s.fake.clock.now) > 0);
  // Every datagram, media and RTX, is in bytesSent.
  CHECK(c.bytesSent == 10 * kPacketSize + 2 * (kPacketSize + 2));
}
