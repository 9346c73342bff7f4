#pragma once

// Scenario tests of the SFU core on the in-memory world of fake_environment.hpp: a Worker with one
// Router, PlainTransports bound on the fake network, remote peers that send RTP/RTCP to them and
// collect what comes back, and producers and consumers created the way the channel handlers
// create them (worker/src/channel/handlers/transport_handlers.cpp: validate, map, derive).
// Also the packet builders and parsers the tests and the plain_transport fuzzer share. No doctest
// here: fuzzers use it too.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "proto/rtcp/packet.hpp"
#include "proto/rtcp/report_block.hpp"
#include "proto/rtcp/sender_report.hpp"
#include "sfu/plain_transport.hpp"
#include "sfu/router.hpp"
#include "sfu/worker.hpp"
#include "support/fake_environment.hpp"

namespace weir::test {

// --- Payloads (RFC 7741) ---

// A VP8 RTP payload: a one-byte descriptor starting partition 0 (S=1, PID=0), then a VP8 payload
// header (RFC 7741 4.3, RFC 6386 9.1): a keyframe carries the start code and 640x480, a delta
// frame only the 3-byte frame tag. `size` is the whole payload size (at least 13 / 4).
std::vector<uint8_t> Vp8Payload(bool keyFrame, size_t size = 60);
// The same with the extended descriptor carrying a 15-bit picture id (I=1, M=1).
std::vector<uint8_t> Vp8PayloadWithPictureId(bool keyFrame, uint16_t pictureId, size_t size = 60);

// --- RTP ---

struct RtpSpec {
  uint8_t payloadType = 0;
  uint16_t seq = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  bool marker = false;
  std::vector<std::pair<uint8_t, std::vector<uint8_t>>> extensions;
  std::vector<uint8_t> payload;
};
std::vector<uint8_t> BuildRtp(const RtpSpec& spec);

// A copy of what an RTP datagram held.
struct ReceivedRtp {
  uint8_t payloadType = 0;
  uint16_t seq = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  bool marker = false;
  std::map<uint8_t, std::vector<uint8_t>> extensions;
  std::vector<uint8_t> payload;
};
std::optional<ReceivedRtp> ParseRtp(const std::vector<uint8_t>& datagram);

// --- RTCP ---

// What an RTCP datagram held, one entry per packet of each kind this tests look at.
struct ReceivedRtcp {
  struct Sr {
    uint32_t ssrc = 0;
    proto::rtcp::SenderInfo info;
    std::vector<proto::rtcp::ReportBlock> blocks;
  };
  struct Rr {
    uint32_t ssrc = 0;
    std::vector<proto::rtcp::ReportBlock> blocks;
  };
  struct Nack {
    uint32_t senderSsrc = 0;
    uint32_t mediaSsrc = 0;
    std::vector<uint16_t> lost;
  };
  struct KeyFrameRequest {
    uint32_t senderSsrc = 0;
    uint32_t mediaSsrc = 0;  // For a FIR: the entry's SSRC.
    bool fir = false;
    uint8_t firSeq = 0;
  };
  std::vector<Sr> srs;
  std::vector<Rr> rrs;
  std::vector<std::pair<uint32_t, std::string>> cnames;  // SDES CNAME by SSRC.
  std::vector<Nack> nacks;
  std::vector<KeyFrameRequest> keyFrameRequests;
  size_t packetCount = 0;
  bool error = false;  // The compound did not frame to the end.
};
// Nothing when the datagram is not RTCP (by RFC 5761 4's payload-type rule).
std::optional<ReceivedRtcp> ParseRtcp(const std::vector<uint8_t>& datagram);

std::vector<uint8_t> BuildSr(uint32_t ssrc, const proto::rtcp::SenderInfo& info,
                             const std::vector<proto::rtcp::ReportBlock>& blocks = {});
std::vector<uint8_t> BuildRr(uint32_t ssrc, const std::vector<proto::rtcp::ReportBlock>& blocks);
std::vector<uint8_t> BuildNack(uint32_t senderSsrc, uint32_t mediaSsrc,
                               const std::vector<uint16_t>& lost);
std::vector<uint8_t> BuildPli(uint32_t senderSsrc, uint32_t mediaSsrc);
std::vector<uint8_t> BuildFir(uint32_t senderSsrc, uint32_t mediaSsrc, uint8_t seqNr);

// Is this datagram RTP / RTCP (RFC 7983 first byte, RFC 5761 4 payload type)?
bool IsRtp(const std::vector<uint8_t>& datagram);
bool IsRtcp(const std::vector<uint8_t>& datagram);

// --- Parameters ---

// opus (router PT 100), VP8 (101, RTX 102).
std::vector<sfu::RtpCodecCapability> DefaultMediaCodecs();
// A producer of VP8 with PT `pt` (RTX `rtxPt` when nonzero) and the full video feedback, one
// encoding with `ssrc` (and `rtxSsrc`), cname "producer".
sfu::RtpParameters Vp8ProducerParameters(uint32_t ssrc, uint8_t pt = 96,
                                         std::optional<uint32_t> rtxSsrc = std::nullopt,
                                         uint8_t rtxPt = 97);
// Opus with PT `pt`, nack feedback when `nack`, one encoding with `ssrc`.
sfu::RtpParameters OpusProducerParameters(uint32_t ssrc, uint8_t pt = 111, bool nack = false);
sfu::RtpHeaderExtensionParameters Extension(std::string_view uri, uint8_t id);

// --- The world ---

class SfuScenario {
 public:
  explicit SfuScenario(std::vector<sfu::RtpCodecCapability> mediaCodecs = DefaultMediaCodecs());
  ~SfuScenario();

  FakeEnvironment fake;
  std::unique_ptr<sfu::Worker> worker;
  sfu::Router* router = nullptr;

  struct PlainOptions {
    bool comedia = false;
    bool rtcpMux = true;
    bool enableSrtp = false;
    engine::SrtpSuite suite = engine::SrtpSuite::kAesCm128HmacSha1_80;
    std::string ip = "127.0.0.1";
  };
  sfu::PlainTransport& CreatePlainTransport(const std::string& id, const PlainOptions& options);
  sfu::PlainTransport& CreatePlainTransport(const std::string& id) {
    return CreatePlainTransport(id, PlainOptions{});
  }
  // Where the transport listens (RTP / RTCP without mux).
  static base::SocketAddress LocalAddress(const sfu::PlainTransport& transport);
  static base::SocketAddress RtcpLocalAddress(const sfu::PlainTransport& transport);

  // A peer socket; connect() a non-comedia transport to it with ConnectTo().
  std::unique_ptr<FakeNetwork::Peer> CreatePeer(const std::string& ip, uint16_t port) {
    return fake.network.CreatePeer(ip, port);
  }
  static void ConnectTo(sfu::PlainTransport& transport, const FakeNetwork::Peer& peer,
                        std::optional<uint16_t> rtcpPort = std::nullopt);

  // As transport.produce does: validate, map onto the router, derive the consumable parameters.
  sfu::Producer& Produce(sfu::Transport& transport, const std::string& id, sfu::MediaKind kind,
                         sfu::RtpParameters params, bool paused = false,
                         base::Duration keyFrameRequestDelay = {});
  // As transport.consume does, with the router's own capabilities as the endpoint's by default.
  // Pumps the network afterwards (a consumer may ask for a keyframe as it starts).
  sfu::Consumer& Consume(sfu::Transport& transport, const std::string& id,
                         const std::string& producerId, bool enableRtx = true, bool paused = false,
                         std::optional<sfu::RtpCapabilities> caps = std::nullopt);

  // The datagram from `peer` to `to`, delivered at once (the network is pumped).
  void Send(FakeNetwork::Peer& peer, const base::SocketAddress& to,
            const std::vector<uint8_t>& datagram);
  void Advance(base::Duration d) { fake.network.Advance(d); }
  // Delivers what control-plane calls sent (a resume's keyframe request, ...).
  void Pump() { fake.network.Pump(); }
  base::Timestamp Now() const { return fake.clock.now; }

  // The RTP / RTCP datagrams in a peer's inbox (then cleared by Clear()).
  static std::vector<ReceivedRtp> RtpOf(const FakeNetwork::Peer& peer);
  static std::vector<ReceivedRtcp> RtcpOf(const FakeNetwork::Peer& peer);
  static void Clear(FakeNetwork::Peer& peer) { peer.inbox.clear(); }
};

}  // namespace weir::test
