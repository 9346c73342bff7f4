// A consumer's MID: each consumer of a transport gets its own ("0", "1", ... as mediasoup gives
// them; mediasoup-client names the receiving transceiver after it), and the packets it sends
// carry that MID, not the sender's (which would name another m-section of the receiver).

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "../channel_test_support.hpp"
#include "proto/rtp/rtp_packet.hpp"
#include "proto/rtp/rtp_packet_builder.hpp"
#include "sfu/plain_transport.hpp"

using namespace weir;
using namespace weir::test;

namespace {

const char* kVp8CapabilitiesWithMid = R"({
    "codecs": [
      {"kind": "video", "mimeType": "video/VP8", "clockRate": 90000, "preferredPayloadType": 101,
       "rtcpFeedback": [{"type": "nack"}, {"type": "nack", "parameter": "pli"}]}],
    "headerExtensions": [
      {"kind": "video", "uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "preferredId": 1,
       "direction": "sendrecv"}]})";

struct MidRoom : ChannelWorld {
  std::unique_ptr<FakeNetwork::Peer> sender = network.CreatePeer("10.0.0.1", 5000);
  std::unique_ptr<FakeNetwork::Peer> receiver = network.CreatePeer("10.0.0.2", 6000);

  MidRoom() {
    Accepted("worker_createRouter", "", CreateRouterBody("r"));
    Accepted("router_createPlainTransport", "r", PlainTransportBody("in"));
    Accepted("router_createPlainTransport", "r", PlainTransportBody("out"));
    Accepted("transport_connect", "in", R"({"ip": "10.0.0.1", "port": 5000})");
    Accepted("transport_connect", "out", R"({"ip": "10.0.0.2", "port": 6000})");
    Accepted("transport_produce", "in", Vp8ProduceBody("p", 1000));
  }

  std::string Consume(const std::string& id, const std::string& transportId = "out") {
    const auto* c =
        Accepted("transport_consume", transportId, ConsumeBody(id, "p", kVp8CapabilitiesWithMid))
            .body_as_transport_consume();
    REQUIRE(c != nullptr);
    REQUIRE(c->rtpParameters()->mid() != nullptr);
    return c->rtpParameters()->mid()->str();
  }

  base::SocketAddress AddressOf(const std::string& transportId) {
    auto& t = static_cast<sfu::PlainTransport&>(*worker.registry().transports.Find(transportId));
    return *base::SocketAddress::Parse("127.0.0.1", t.tuple().localPort);
  }

  // A VP8 keyframe whose MID extension says "0": the sender's own MID.
  void SendKeyFrameWithSenderMid() {
    std::vector<uint8_t> payload{0x10, 0x10, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01};
    payload.resize(30, 0x55);
    const uint8_t senderMid[] = {'0'};
    proto::rtp::RtpPacketBuilder b;
    b.SetPayloadType(96).SetSequenceNumber(1).SetTimestamp(3000).SetSsrc(1000);
    b.AddExtension(1, senderMid);
    b.SetPayload(payload);
    std::vector<uint8_t> bytes(b.SerializedSize());
    b.Serialize(bytes);
    sender->socket->Send(bytes, AddressOf("in"));
    network.Pump();
  }
};

}  // namespace

TEST_CASE_FIXTURE(MidRoom,
                  "consumers of a transport get MIDs 0, 1, 2; another transport starts at 0") {
  CHECK(Consume("c0") == "0");
  CHECK(Consume("c1") == "1");
  CHECK(Consume("c2") == "2");
  Accepted("router_createPlainTransport", "r", PlainTransportBody("out2"));
  CHECK(Consume("d0", "out2") == "0");
  // The dump tells the same.
  const auto* dump = Accepted("consumer_dump", "c1").body_as_consumer_dump();
  REQUIRE(dump != nullptr);
  CHECK(dump->rtpParameters()->mid()->str() == "1");
}

TEST_CASE_FIXTURE(MidRoom, "forwarded packets carry each consumer's MID, not the sender's") {
  std::map<uint32_t, std::string> midOfSsrc;
  for (const char* id : {"c0", "c1", "c2"}) {
    const auto* c =
        Accepted("transport_consume", "out", ConsumeBody(id, "p", kVp8CapabilitiesWithMid))
            .body_as_transport_consume();
    REQUIRE(c != nullptr);
    midOfSsrc[*c->rtpParameters()->encodings()->Get(0)->ssrc()] = c->rtpParameters()->mid()->str();
  }
  receiver->inbox.clear();
  SendKeyFrameWithSenderMid();
  std::map<uint32_t, std::string> seen;
  for (auto& datagram : receiver->inbox) {
    auto packet = proto::rtp::RtpPacket::Parse(datagram.data, datagram.data.size());
    if (!packet) continue;  // RTCP
    auto mid = packet->GetExtension(1);
    REQUIRE(mid.has_value());
    seen[packet->ssrc()] = std::string(mid->begin(), mid->end());
  }
  CHECK(seen == midOfSsrc);
  CHECK(seen.size() == 3);
}
