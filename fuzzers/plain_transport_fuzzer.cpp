// Arbitrary datagrams into a comedia PlainTransport that carries three producers (VP8 with RTX
// and extension ids other than the router's, Opus with NACK, and a VP8 producer announced by
// MID and RID only), consumed on a second PlainTransport, on the fake network with time
// advancing. Nothing may crash, and everything the worker sends must be well formed: the
// consumers' receiver gets only valid RTP (a consumer's SSRC, a router payload type) or valid
// RTCP, the sender only valid RTCP, and nothing goes anywhere else.
//
// Input: records [control][length hi][length lo][length bytes].
//   control bits 0-1: the source (0 the sender 10.0.0.1:5000, 1 the sender's other port 5001,
//                     2 a stranger 10.0.0.9:5000, 3 the receiver 10.0.0.2:6000);
//           bits 2-3: how far the clock moves first (0, 20 ms, 150 ms, 1.2 s);
//           bits 4-6: the action:
//             0-1 the bytes as a datagram to the producers' transport,
//             2   the bytes as a datagram to the consumers' transport,
//             3   an RTP packet built from the bytes (stream, seq, timestamp, flags, payload)
//                 so that mutations get past the SSRC and payload type checks,
//             4   RTCP feedback built from the bytes, from the receiver to a consumer,
//             5   an SR or RR built from the bytes, to the producers' transport,
//             6   a control call picked by the first byte (pause/resume, close/re-consume,
//                 requestKeyFrame, trace events),
//             7   the clock moves by the first two bytes in ms.

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "proto/rtcp/compound_reader.hpp"
#include "proto/rtp/extensions/extension_uris.hpp"
#include "proto/rtp/rtp_packet.hpp"
#include "sfu/consumer.hpp"
#include "sfu/producer.hpp"
#include "support/sfu_scenario.hpp"

using namespace weir;
using namespace weir::test;
namespace uris = weir::proto::rtp::extensions;

namespace {

#define FUZZ_CHECK(cond) \
  if (!(cond)) std::abort()

constexpr uint32_t kVideoSsrc = 0x1111;
constexpr uint32_t kVideoRtxSsrc = 0x2222;
constexpr uint32_t kAudioSsrc = 0x3333;

struct World {
  SfuScenario s;
  std::unique_ptr<FakeNetwork::Peer> peers[4] = {
      s.CreatePeer("10.0.0.1", 5000), s.CreatePeer("10.0.0.1", 5001),
      s.CreatePeer("10.0.0.9", 5000), s.CreatePeer("10.0.0.2", 6000)};
  sfu::PlainTransport& in = s.CreatePlainTransport("in", {.comedia = true});
  sfu::PlainTransport& out = s.CreatePlainTransport("out");
  std::set<uint32_t> consumerSsrcs;
  std::set<uint8_t> payloadTypes;
  int nextConsumer = 0;

  World() {
    s.fake.network.record = true;
    SfuScenario::ConnectTo(out, *peers[3]);
    auto video = Vp8ProducerParameters(kVideoSsrc, 96, kVideoRtxSsrc, 97);
    video.headerExtensions = {Extension(uris::kAbsSendTimeUri, 9),
                              Extension(uris::kVideoOrientationUri, 7)};
    s.Produce(in, "v", sfu::MediaKind::kVideo, video);
    s.Produce(in, "a", sfu::MediaKind::kAudio, OpusProducerParameters(kAudioSsrc, 111, true));
    auto mid = Vp8ProducerParameters(0, 96);
    mid.mid = "m";
    mid.encodings[0].ssrc.reset();
    mid.encodings[0].rid.emplace(1, 'r');
    mid.headerExtensions = {Extension(uris::kMidUri, 5), Extension(uris::kRidUri, 6),
                            Extension(uris::kRepairedRidUri, 3)};
    s.Produce(in, "m", sfu::MediaKind::kVideo, mid);
    for (const char* producer : {"v", "a", "m"})
      Consume(producer);
    for (const auto& codec : s.router->rtpCapabilities().codecs)
      payloadTypes.insert(codec.preferredPayloadType.value_or(0));
  }

  sfu::Consumer& Consume(const std::string& producerId) {
    auto& c = s.Consume(out, "c" + std::to_string(nextConsumer++), producerId);
    for (uint32_t ssrc : c.Ssrcs())
      consumerSsrcs.insert(ssrc);
    return c;
  }

  void Send(uint8_t control, const base::SocketAddress& to, const std::vector<uint8_t>& bytes) {
    peers[control & 3]->socket->Send(bytes, to);
    s.Pump();
  }
};

uint16_t U16(const uint8_t* p) {
  return static_cast<uint16_t>((p[0] << 8) | p[1]);
}
uint32_t U32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// bytes: [stream][seq 2][ts 4][flags][payload...]
std::vector<uint8_t> BuildMediaPacket(const uint8_t* data, size_t size) {
  if (size < 8) return {};
  RtpSpec spec;
  const uint8_t flags = data[7];
  spec.seq = U16(data + 1);
  spec.timestamp = U32(data + 3);
  spec.marker = (flags & 1) != 0;
  std::vector<uint8_t> rest(data + 8, data + size);
  switch (data[0] & 3) {
    case 0:  // VP8: a descriptor and frame tag first, so keyframes happen.
      spec.ssrc = kVideoSsrc;
      spec.payloadType = 96;
      spec.payload = Vp8Payload((flags & 2) != 0, 14);
      spec.payload.insert(spec.payload.end(), rest.begin(), rest.end());
      if (flags & 4) spec.extensions = {{9, {1, 2, 3}}, {7, {flags}}};
      break;
    case 1:  // Its RTX: the bytes start with the OSN.
      spec.ssrc = kVideoRtxSsrc;
      spec.payloadType = 97;
      spec.payload = rest;
      break;
    case 2:
      spec.ssrc = kAudioSsrc;
      spec.payloadType = 111;
      spec.payload = rest;
      break;
    case 3:  // By MID and RID (or repaired RID), any SSRC.
      spec.ssrc = 0x4000 + (flags >> 4);
      spec.payloadType = (flags & 8) ? 97 : 96;
      spec.payload = rest;
      spec.extensions = {{5, {'m'}}, {static_cast<uint8_t>((flags & 8) ? 3 : 6), {'r'}}};
      break;
  }
  if (spec.payload.empty()) spec.payload.push_back(0);
  return BuildRtp(spec);
}

// bytes: [kind][consumer index][rest...]
std::vector<uint8_t> BuildFeedback(World& w, const uint8_t* data, size_t size) {
  if (size < 2) return {};
  std::vector<uint32_t> ssrcs(w.consumerSsrcs.begin(), w.consumerSsrcs.end());
  uint32_t ssrc = ssrcs[data[1] % ssrcs.size()];
  switch (data[0] % 4) {
    case 0: {
      std::vector<uint16_t> lost;
      for (size_t i = 2; i + 1 < size && lost.size() < 64; i += 2)
        lost.push_back(U16(data + i));
      if (lost.empty()) lost.push_back(0);
      return BuildNack(1, ssrc, lost);
    }
    case 1:
      return BuildPli(1, ssrc);
    case 2:
      return BuildFir(1, ssrc, size > 2 ? data[2] : 0);
    default: {
      proto::rtcp::ReportBlock block;
      block.ssrc = ssrc;
      if (size >= 22) {
        block.fractionLost = data[2];
        block.cumulativeLost = static_cast<int32_t>(U32(data + 3) & 0xffffff) - 0x800000;
        block.extendedHighestSeq = U32(data + 6);
        block.jitter = U32(data + 10);
        block.lastSr = U32(data + 14);
        block.delaySinceLastSr = U32(data + 18);
      }
      return BuildRr(1, {block});
    }
  }
}

std::vector<uint8_t> BuildReport(const uint8_t* data, size_t size) {
  if (size < 13) return BuildRr(7, {});
  uint32_t ssrc = (data[0] & 1) ? kAudioSsrc : kVideoSsrc;
  if (data[0] & 2) return BuildRr(ssrc, {});
  uint64_t ntp = (uint64_t{U32(data + 1)} << 32) | U32(data + 5);
  return BuildSr(ssrc, {ntp, U32(data + 9), 1, 2});
}

void Control(World& w, const uint8_t* data, size_t size) {
  if (size == 0) return;
  auto ids = w.out.ConsumerIds();
  const std::string consumerId = ids.empty() ? "" : ids[(size > 1 ? data[1] : 0) % ids.size()];
  const base::Timestamp now = w.s.Now();
  switch (data[0] % 8) {
    case 0:
      if (!consumerId.empty()) w.out.GetConsumer(consumerId).Pause();
      break;
    case 1:
      if (!consumerId.empty()) w.out.GetConsumer(consumerId).Resume(now);
      break;
    case 2:
      w.in.PauseProducer("v", !w.in.GetProducer("v").paused());
      break;
    case 3:
      w.in.PauseProducer("a", !w.in.GetProducer("a").paused());
      break;
    case 4:
      if (!consumerId.empty()) {
        const std::string producerId = w.out.GetConsumer(consumerId).producerId();
        w.out.CloseConsumer(consumerId);
        if (ids.size() < 12) w.Consume(producerId);
      }
      break;
    case 5:
      if (!consumerId.empty()) w.out.GetConsumer(consumerId).RequestKeyFrame(now);
      break;
    case 6:
      w.in.GetProducer("v").trace().Set(size > 2 ? data[2] : 0xff);
      if (!consumerId.empty()) w.out.GetConsumer(consumerId).trace().Set(0xff);
      break;
    default:
      if (ids.size() < 12) w.Consume(data[0] & 8 ? "m" : "v");
      break;
  }
  w.s.Pump();
}

// Everything the transports sent since the last look.
void CheckSent(World& w) {
  const auto inAddress = SfuScenario::LocalAddress(w.in);
  const auto outAddress = SfuScenario::LocalAddress(w.out);
  const auto& receiver = w.peers[3]->socket->local();
  for (const auto& d : w.s.fake.network.sent) {
    if (d.from == outAddress) {
      FUZZ_CHECK(d.to == receiver);
      if (IsRtp(d.data)) {
        std::vector<uint8_t> copy = d.data;
        auto packet = proto::rtp::RtpPacket::Parse(base::MutableByteView(copy), copy.size());
        FUZZ_CHECK(packet.has_value());
        FUZZ_CHECK(w.consumerSsrcs.contains(packet->ssrc()));
        FUZZ_CHECK(w.payloadTypes.contains(packet->payload_type()));
        continue;
      }
    } else if (d.from != inAddress) {
      continue;  // A peer's own datagram.
    }
    // RTCP only, well framed to the end.
    FUZZ_CHECK(IsRtcp(d.data));
    proto::rtcp::CompoundReader reader(d.data);
    size_t packets = 0;
    for (const auto& packet : reader) {
      (void)packet;
      ++packets;
    }
    FUZZ_CHECK(!reader.error() && packets > 0);
    FUZZ_CHECK(ParseRtcp(d.data).has_value());
  }
  w.s.fake.network.sent.clear();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World w;
  CheckSent(w);
  size_t at = 0;
  while (at + 3 <= size) {
    const uint8_t control = data[at];
    size_t length = std::min<size_t>(U16(data + at + 1), size - at - 3);
    const uint8_t* bytes = data + at + 3;
    at += 3 + length;
    static constexpr int64_t kAdvanceMs[] = {0, 20, 150, 1200};
    w.s.Advance(std::chrono::milliseconds(kAdvanceMs[(control >> 2) & 3]));
    const auto inAddress = SfuScenario::LocalAddress(w.in);
    const auto outAddress = SfuScenario::LocalAddress(w.out);
    std::vector<uint8_t> datagram;
    switch ((control >> 4) & 7) {
      case 0:
      case 1:
        w.Send(control, inAddress, std::vector<uint8_t>(bytes, bytes + length));
        break;
      case 2:
        w.Send(control, outAddress, std::vector<uint8_t>(bytes, bytes + length));
        break;
      case 3:
        datagram = BuildMediaPacket(bytes, length);
        if (!datagram.empty()) w.Send(control, inAddress, datagram);
        break;
      case 4:
        datagram = BuildFeedback(w, bytes, length);
        if (!datagram.empty()) w.Send(3, outAddress, datagram);
        break;
      case 5:
        w.Send(control, inAddress, BuildReport(bytes, length));
        break;
      case 6:
        Control(w, bytes, length);
        break;
      default:
        if (length >= 2) w.s.Advance(std::chrono::milliseconds(U16(bytes)));
        break;
    }
    CheckSent(w);
  }
  // Let every timer run out what it has queued.
  w.s.Advance(std::chrono::seconds(3));
  CheckSent(w);
  return 0;
}
