// Arbitrary datagrams into a sfu::WebRtcTransport (ICE-lite + DTLS + SRTP, with an Opus producer
// consumed on the same transport) through the sans-IO core: the fake network and clock of
// test/support, and an in-process peer (test/support/webrtc_peer.hpp) that can sign STUN checks
// and SRTP-protect the fuzzer's bytes, so mutations also get past MESSAGE-INTEGRITY and SRTP
// authentication into the RTP/RTCP handling behind them.
//
// Input: one setup byte, then records [control][length hi][length lo][length bytes].
//   setup:   bits 0-1 the state the transport starts in: 0 new (nothing validated), 1 checking
//            (ICE completed on the peer's path, DTLS not started: connect() not called),
//            2 DTLS in progress (connect() called, the peer's ClientHello or ServerHello not yet
//            answered), 3 connected (a full DTLS handshake, SRTP keys on both ends);
//            bit 2 the transport's DTLS role (server/client).
//   control: bits 0-1 the source: the peer's UDP path, a second UDP path that sent one valid
//            non-nominating check, a UDP path ICE never validated, a TCP connection (RFC 4571,
//            the fake network's in-memory TCP) that sent one valid non-nominating check;
//            bits 2-3 how far the clock moves first (0, 100 ms, 5 s, 31 s);
//            bits 4-6 what the bytes are: 0 a raw datagram (one frame over TCP); 1 the same
//            over UDP, raw stream bytes without framing over TCP; 2 plaintext RTP the peer
//            SRTP-protects; 3 plaintext RTCP it SRTCP-protects; 4 a valid check (nominating if
//            the first byte is odd); 5 the bytes with their first byte forced into the STUN,
//            DTLS, RTP or RTCP range; 6 by the first byte mod 4: restartIce (the peers keep the
//            old credentials), restartIce (they learn the new ones), close the TCP connection,
//            reconnect it with a valid check; 7 a record the peer's DTLS session sends
//            (application data).
// Checks: nothing crashes; whatever the transport sends other than STUN answers goes only to a
// path that passed a valid check; every drop counter stays within the datagrams received.

#include <array>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "sfu/ortc/consumer_parameters.hpp"
#include "sfu/ortc/producer_mapping.hpp"
#include "sfu/worker.hpp"
#include "support/fake_environment.hpp"
#include "support/webrtc_peer.hpp"

using namespace weir;
using namespace weir::sfu;

namespace {

#define FUZZ_CHECK(cond) \
  if (!(cond)) std::abort()

RtpCodecCapability Opus() {
  RtpCodecCapability c;
  c.kind = MediaKind::kAudio;
  c.mimeType = "audio/opus";
  c.clockRate = 48000;
  c.channels = 2;
  return c;
}

struct World {
  test::FakeTcpEnvironment fake;
  Worker worker{WorkerSettings{}, fake.env};
  Router& router = worker.CreateRouter("r1", {Opus()});
  WebRtcTransport& transport = router.CreateWebRtcTransport("t1", [] {
    WebRtcTransportOptions o;
    o.sockets.listenInfos.push_back(ListenInfo{TransportProtocol::kUdp, "127.0.0.1"});
    o.sockets.listenInfos.push_back(ListenInfo{TransportProtocol::kTcp, "127.0.0.1"});
    return o;
  }());
  test::WebRtcPeer peer{fake.network, "127.0.0.1", 5000};
  test::WebRtcPeer second{fake.network, "127.0.0.1", 5001};
  test::WebRtcPeer stranger{fake.network, "10.9.8.7", 7000};
  test::WebRtcPeer tcp{fake.network, "127.0.0.1", 5003};
  std::set<std::string> validated;  // UDP addresses that sent a valid check.
  base::SocketAddress local;
  base::SocketAddress localTcp;
  uint64_t rawStreamBytes = 0;

  World() {
    const auto& c = transport.iceCandidates().at(0);
    local = *base::SocketAddress::Parse(c.address, c.port);
    const auto& t = transport.iceCandidates().at(1);
    localTcp = *base::SocketAddress::Parse(t.address, t.port);
    for (auto* p : {&peer, &second, &stranger, &tcp})
      p->SetRemote(local, transport.iceParameters());
    FUZZ_CHECK(tcp.ConnectTcp(fake.network, localTcp));
    fake.network.record = true;
    ProduceAndConsume();
  }

  void ProduceAndConsume() {
    ProducerOptions options;
    options.id = "p1";
    options.kind = MediaKind::kAudio;
    RtpCodecParameters codec;
    codec.mimeType = "audio/opus";
    codec.payloadType = 111;
    codec.clockRate = 48000;
    codec.channels = 2;
    options.rtpParameters.codecs.push_back(codec);
    RtpEncodingParameters encoding;
    encoding.ssrc = 1111;
    options.rtpParameters.encodings.push_back(encoding);
    options.rtpParameters.rtcp.cname = "fuzz";
    auto ssrcs = [this] { return router.NewSsrc(); };
    options.rtpMapping =
        ortc::GetProducerRtpMapping(options.rtpParameters, router.rtpCapabilities(), ssrcs);
    options.consumableRtpParameters = ortc::GetConsumableRtpParameters(
        options.kind, options.rtpParameters, router.rtpCapabilities(), options.rtpMapping);
    Producer& producer = transport.Produce(std::move(options));
    ConsumerOptions consumer;
    consumer.id = "c1";
    consumer.producerId = "p1";
    consumer.kind = MediaKind::kAudio;
    consumer.rtpParameters =
        ortc::GetConsumerRtpParameters(producer.consumableRtpParameters(), router.rtpCapabilities(),
                                       ortc::ConsumerOptions{}, ssrcs);
    transport.Consume(std::move(consumer), producer);
  }

  void Exchange() {
    test::Exchange(fake.network, fake.clock.now, {&peer, &second, &stranger, &tcp});
  }

  void Check(test::WebRtcPeer& from, bool nominate) {
    test::StunCheck check;
    check.useCandidate = nominate;
    from.SendCheck(check);
    Exchange();
    auto answers = from.stunAnswers();
    if (from.tcp() == nullptr && !answers.empty() &&
        answers.back().message_class() == proto::stun::StunClass::kSuccessResponse) {
      validated.insert(from.address().ToString());
    }
  }

  void Setup(uint8_t setup) {
    int state = setup & 3;
    bool transportServer = (setup & 4) == 0;
    if (state == 0) return;
    Check(peer, true);
    Check(second, false);
    Check(tcp, false);
    if (state == 1) return;
    transport.Connect(
        peer.dtlsParameters(transportServer ? DtlsRoleParam::kClient : DtlsRoleParam::kServer));
    peer.StartDtls(transportServer ? engine::DtlsRole::kClient : engine::DtlsRole::kServer,
                   fake.clock.now, test::TestCertificate().Fingerprint("sha-256"));
    if (state == 2) {
      fake.network.Pump();  // One flight only: the transport's answer stays in the peer's inbox.
      return;
    }
    Exchange();
    FUZZ_CHECK(transport.connected());
  }

  void Record(uint8_t control, base::ByteView bytes) {
    test::WebRtcPeer* sources[] = {&peer, &second, &stranger, &tcp};
    test::WebRtcPeer& from = *sources[control & 3];
    static constexpr int64_t kSteps[] = {0, 100, 5000, 31000};
    fake.network.Advance(std::chrono::milliseconds(kSteps[(control >> 2) & 3]));
    uint8_t first = bytes.empty() ? 0 : bytes[0];
    switch ((control >> 4) & 7) {
      case 0:
        from.Send(bytes);
        break;
      case 1:
        if (from.tcp() != nullptr) {
          rawStreamBytes += bytes.size();
          from.tcp()->Send(bytes);
        } else {
          from.Send(bytes);
        }
        break;
      case 2:
        if (auto p = peer.ProtectRtp(bytes)) from.Send(*p);
        break;
      case 3:
        if (auto p = peer.ProtectRtcp(bytes)) from.Send(*p);
        break;
      case 4:
        Check(from, (first & 1) != 0);
        break;
      case 5: {
        if (bytes.empty()) break;
        std::vector<uint8_t> forced(bytes.begin(), bytes.end());
        static constexpr uint8_t kFirst[] = {0x00, 22, 0x80, 0x80};
        forced[0] = kFirst[first & 3];
        if ((first & 3) == 3 && forced.size() > 1)
          forced[1] = static_cast<uint8_t>(200 + first % 8);
        from.Send(forced);
        break;
      }
      case 6:
        if ((first & 3) < 2) {
          IceParameters fresh = transport.RestartIce();
          if (first & 1) {
            for (auto* p : {&peer, &second, &stranger, &tcp})
              p->SetRemoteIce(fresh);
          }
        } else if ((first & 3) == 2) {
          if (tcp.tcp() != nullptr) tcp.tcp()->Close();
        } else if (tcp.ConnectTcp(fake.network, localTcp)) {
          Check(tcp, (first & 4) != 0);
        }
        break;
      case 7:
        if (peer.hasDtls() && peer.dtls().state() == engine::DtlsState::kConnected &&
            !bytes.empty() && bytes.size() <= engine::DtlsSession::kMaxApplicationData) {
          peer.dtls().SendApplicationData(bytes);
          std::vector<uint8_t> record;
          while (peer.dtls().PollTransmit(&record))
            from.Send(record);
        }
        break;
    }
    Exchange();
  }

  void CheckInvariants() {
    for (const auto& d : fake.network.sent) {
      if (!(d.from == local)) continue;
      bool stun = !d.data.empty() && d.data[0] < 4;
      if (!stun) FUZZ_CHECK(validated.contains(d.to.ToString()));
    }
    fake.network.sent.clear();
    const TransportCounters& c = transport.counters();
    uint64_t received = rawStreamBytes / 3;  // The most frames raw bytes can hold.
    for (auto* p : {&peer, &second, &stranger, &tcp})
      received += p->sentDatagrams;
    FUZZ_CHECK(c.unknownPackets + c.foreignTuplePackets + c.srtpAuthFailures + c.srtpReplays <=
               received);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  World world;
  world.Setup(data[0]);
  world.CheckInvariants();
  size_t offset = 1;
  while (offset + 3 <= size) {
    uint8_t control = data[offset];
    size_t length = (size_t{data[offset + 1]} << 8) | data[offset + 2];
    offset += 3;
    length = std::min(length, size - offset);
    world.Record(control, base::ByteView(data + offset, length));
    world.CheckInvariants();
    offset += length;
  }
  return 0;
}
