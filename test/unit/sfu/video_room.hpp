#pragma once

// The usual cast of the sfu/ scenario tests: a VP8 sender connected to transport "in", and two
// receivers, each on its own transport ("outA", "outB"), all on the fake network. Packets are
// sent with the producer's SSRC and payload type; the receivers' inboxes are read back with
// SfuScenario::RtpOf/RtcpOf.

#include <memory>
#include <string>
#include <vector>

#include "sfu/simple_consumer.hpp"
#include "support/sfu_scenario.hpp"

namespace weir::test {

inline constexpr uint32_t kSenderSsrc = 0x11111111;
inline constexpr uint32_t kSenderRtxSsrc = 0x22222222;
inline constexpr uint8_t kSenderPt = 96;
inline constexpr uint8_t kSenderRtxPt = 97;
inline constexpr uint32_t kPeerSsrc = 0x0eeeeeee;  // Sender SSRC of the peers' own RTCP.

struct VideoRoom : SfuScenario {
  std::unique_ptr<FakeNetwork::Peer> sender = CreatePeer("10.0.0.1", 5000);
  std::unique_ptr<FakeNetwork::Peer> receiverA = CreatePeer("10.0.0.2", 6000);
  std::unique_ptr<FakeNetwork::Peer> receiverB = CreatePeer("10.0.0.3", 7000);
  sfu::PlainTransport& in = CreatePlainTransport("in");
  sfu::PlainTransport& outA = CreatePlainTransport("outA");
  sfu::PlainTransport& outB = CreatePlainTransport("outB");

  VideoRoom() {
    ConnectTo(in, *sender);
    ConnectTo(outA, *receiverA);
    ConnectTo(outB, *receiverB);
  }

  sfu::Producer& ProduceVp8(bool rtx = true, bool paused = false) {
    return Produce(in, "p", sfu::MediaKind::kVideo,
                   Vp8ProducerParameters(
                       kSenderSsrc, kSenderPt,
                       rtx ? std::optional<uint32_t>(kSenderRtxSsrc) : std::nullopt, kSenderRtxPt),
                   paused);
  }
  sfu::SimpleConsumer& ConsumeOn(sfu::PlainTransport& transport, const std::string& id,
                                 bool enableRtx = true, bool paused = false) {
    return static_cast<sfu::SimpleConsumer&>(Consume(transport, id, "p", enableRtx, paused));
  }

  // One VP8 packet from the sender: timestamp 3000 per sequence number (30 fps, one packet a
  // frame), payload tagged with the sequence number so it can be recognised downstream.
  static std::vector<uint8_t> Vp8Packet(uint16_t seq, bool keyFrame, uint32_t tsBase = 10000,
                                        uint16_t seqBase = 0) {
    RtpSpec spec;
    spec.payloadType = kSenderPt;
    spec.seq = seq;
    spec.timestamp = tsBase + 3000u * static_cast<uint16_t>(seq - seqBase);
    spec.ssrc = kSenderSsrc;
    spec.marker = true;
    spec.payload = Vp8Payload(keyFrame, 40);
    spec.payload.back() = static_cast<uint8_t>(seq);
    spec.payload[spec.payload.size() - 2] = static_cast<uint8_t>(seq >> 8);
    return BuildRtp(spec);
  }
  void SendVideo(uint16_t seq, bool keyFrame = false) {
    Send(*sender, LocalAddress(in), Vp8Packet(seq, keyFrame));
  }
  // Sends from one receiver to its transport (RTCP feedback).
  void SendFromA(const std::vector<uint8_t>& datagram) {
    Send(*receiverA, LocalAddress(outA), datagram);
  }
  void SendFromB(const std::vector<uint8_t>& datagram) {
    Send(*receiverB, LocalAddress(outB), datagram);
  }

  // The upstream keyframe requests (PLI/FIR) the sender got so far.
  std::vector<ReceivedRtcp::KeyFrameRequest> KeyFrameRequestsAtSender() const {
    std::vector<ReceivedRtcp::KeyFrameRequest> out;
    for (const auto& r : RtcpOf(*sender))
      out.insert(out.end(), r.keyFrameRequests.begin(), r.keyFrameRequests.end());
    return out;
  }
  std::vector<ReceivedRtcp::Nack> NacksAtSender() const {
    std::vector<ReceivedRtcp::Nack> out;
    for (const auto& r : RtcpOf(*sender))
      out.insert(out.end(), r.nacks.begin(), r.nacks.end());
    return out;
  }
};

// The sequence number the sender tagged a payload with (see Vp8Packet).
inline uint16_t TagOf(const ReceivedRtp& rtp) {
  const auto& p = rtp.payload;
  return static_cast<uint16_t>((p[p.size() - 2] << 8) | p.back());
}

}  // namespace weir::test
