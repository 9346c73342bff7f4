// A WebRtcTransport against an in-process WebRTC peer (test/support/webrtc_peer.hpp) on the fake
// network and clock: ICE-lite checks (valid, refused, selection, path switch, consent expiry),
// the DTLS handshake in both roles, SRTP media both ways through a producer and a consumer, a
// wrong fingerprint, bad input of every kind, restartIce and close.

#include <doctest/doctest.h>

#include <algorithm>

#include "base/bytes.hpp"
#include "proto/stun/stun_address.hpp"
#include "sfu/ortc/consumer_parameters.hpp"
#include "sfu/ortc/producer_mapping.hpp"
#include "sfu/worker.hpp"
#include "support/fake_environment.hpp"
#include "support/webrtc_peer.hpp"

using namespace weir;
using namespace weir::sfu;
namespace stun = weir::proto::stun;
using test::StunCheck;
using test::WebRtcPeer;

namespace {

RtpCodecCapability Opus() {
  RtpCodecCapability c;
  c.kind = MediaKind::kAudio;
  c.mimeType = "audio/opus";
  c.clockRate = 48000;
  c.channels = 2;
  return c;
}

std::vector<uint8_t> MakeRtp(uint32_t ssrc, uint16_t seq, uint8_t pt, uint8_t fill) {
  std::vector<uint8_t> p(12 + 40, fill);
  p[0] = 0x80;
  p[1] = pt;
  base::StoreBe16(&p[2], seq);
  base::StoreBe32(&p[4], 960u * seq);
  base::StoreBe32(&p[8], ssrc);
  return p;
}

// RTCP receiver report with no report blocks (RFC 3550 6.4.2).
std::vector<uint8_t> MakeEmptyRr(uint32_t ssrc) {
  std::vector<uint8_t> p(8);
  p[0] = 0x80;
  p[1] = 201;
  base::StoreBe16(&p[2], 1);
  base::StoreBe32(&p[4], ssrc);
  return p;
}

WebRtcTransportOptions Listen(bool tcp) {
  WebRtcTransportOptions o;
  o.sockets.listenInfos.push_back(ListenInfo{TransportProtocol::kUdp, "127.0.0.1"});
  if (tcp) o.sockets.listenInfos.push_back(ListenInfo{TransportProtocol::kTcp, "127.0.0.1"});
  return o;
}

struct Fixture {
  test::FakeTcpEnvironment fake;
  Worker worker{WorkerSettings{}, fake.env};
  Router& router = worker.CreateRouter("r1", {Opus()});
  WebRtcTransport& transport;
  WebRtcPeer peer{fake.network, "127.0.0.1", 5000};

  explicit Fixture(bool tcp = false)
      : transport(router.CreateWebRtcTransport("t1", Listen(tcp))) {
    peer.SetRemote(TransportAddress(), transport.iceParameters());
  }

  base::SocketAddress TransportAddress(TransportProtocol protocol = TransportProtocol::kUdp) const {
    for (const auto& c : transport.iceCandidates()) {
      if (c.protocol == protocol) return *base::SocketAddress::Parse(c.address, c.port);
    }
    FAIL("no candidate of that protocol");
    return {};
  }
  base::Timestamp Now() const { return fake.clock.now; }
  void Exchange(std::initializer_list<WebRtcPeer*> peers = {}) {
    if (peers.size() == 0) {
      test::Exchange(fake.network, Now(), {&peer});
    } else {
      test::Exchange(fake.network, Now(), peers);
    }
  }

  // The last STUN answer the peer got.
  stun::StunMessage LastAnswer() {
    REQUIRE_FALSE(peer.stunRaw.empty());
    auto message = stun::StunMessage::Parse(peer.stunRaw.back());
    REQUIRE(message);
    return *message;
  }
  uint16_t LastError() {
    auto answer = LastAnswer();
    if (answer.message_class() != stun::StunClass::kErrorResponse) return 0;
    REQUIRE(answer.error_code());
    return answer.error_code()->code;
  }

  std::vector<std::string> IceStates() const {
    std::vector<std::string> out;
    for (const auto& e : fake.notifier.All<event::IceStateChange>("t1"))
      out.push_back(e.iceState);
    return out;
  }
  std::vector<std::string> DtlsStates() const {
    std::vector<std::string> out;
    for (const auto& e : fake.notifier.All<event::DtlsStateChange>("t1"))
      out.push_back(e.dtlsState);
    return out;
  }

  // ICE completed on the peer's address, then DTLS with the transport in `role`.
  void Connect(engine::DtlsRole transportRole = engine::DtlsRole::kServer) {
    peer.SendCheck();
    Exchange();
    REQUIRE(transport.iceState() == engine::IceState::kCompleted);
    bool transportIsServer = transportRole == engine::DtlsRole::kServer;
    transport.Connect(
        peer.dtlsParameters(transportIsServer ? DtlsRoleParam::kClient : DtlsRoleParam::kServer));
    peer.StartDtls(transportIsServer ? engine::DtlsRole::kClient : engine::DtlsRole::kServer, Now(),
                   test::TestCertificate().Fingerprint("sha-256"));
    Exchange();
    REQUIRE(transport.dtlsState() == engine::DtlsState::kConnected);
    REQUIRE(peer.dtls().state() == engine::DtlsState::kConnected);
    REQUIRE(transport.connected());
    REQUIRE(peer.srtpReady());
  }

  Producer& ProduceOpus(uint32_t ssrc) {
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
    encoding.ssrc = ssrc;
    options.rtpParameters.encodings.push_back(encoding);
    options.rtpParameters.rtcp.cname = "peer";
    options.rtpMapping = ortc::GetProducerRtpMapping(
        options.rtpParameters, router.rtpCapabilities(), [this] { return router.NewSsrc(); });
    options.consumableRtpParameters = ortc::GetConsumableRtpParameters(
        options.kind, options.rtpParameters, router.rtpCapabilities(), options.rtpMapping);
    return transport.Produce(std::move(options));
  }

  Consumer& ConsumeOn(Transport& on, Producer& producer, const std::string& id) {
    ConsumerOptions options;
    options.id = id;
    options.producerId = producer.id();
    options.kind = producer.kind();
    options.rtpParameters = ortc::GetConsumerRtpParameters(
        producer.consumableRtpParameters(), router.rtpCapabilities(), ortc::ConsumerOptions{},
        [this] { return router.NewSsrc(); });
    return on.Consume(std::move(options), producer);
  }
};

}  // namespace

TEST_CASE(
    "a WebRtcTransport announces ICE-lite parameters, a UDP host candidate and fingerprints") {
  Fixture f;
  const auto& ice = f.transport.iceParameters();
  CHECK(ice.usernameFragment.size() == 16);
  CHECK(ice.password.size() == 32);
  CHECK(ice.iceLite);
  REQUIRE(f.transport.iceCandidates().size() == 1);
  CHECK(f.transport.iceCandidates()[0].address == "127.0.0.1");
  CHECK(f.transport.iceCandidates()[0].protocol == TransportProtocol::kUdp);
  auto dtls = f.transport.localDtlsParameters();
  CHECK(dtls.role == DtlsRoleParam::kAuto);
  REQUIRE(dtls.fingerprints.size() == 5);
  CHECK(std::any_of(dtls.fingerprints.begin(), dtls.fingerprints.end(), [](const auto& fp) {
    return fp.algorithm == "sha-256" && fp.value == test::TestCertificate().Fingerprint("sha-256");
  }));
  CHECK(f.transport.iceState() == engine::IceState::kNew);
  CHECK_FALSE(f.transport.connected());
}

TEST_CASE("ICE: a valid nominating check is answered, selects the path and says so") {
  Fixture f;
  f.peer.SendCheck();
  f.Exchange();
  auto answer = f.LastAnswer();
  CHECK(answer.message_class() == stun::StunClass::kSuccessResponse);
  CHECK(answer.CheckMessageIntegrity(std::string_view(f.transport.iceParameters().password)));
  CHECK(answer.CheckFingerprint());
  REQUIRE(answer.xor_mapped_address());
  CHECK(*answer.xor_mapped_address() == stun::StunAddress::Ipv4({127, 0, 0, 1}, 5000));

  CHECK(f.transport.iceState() == engine::IceState::kCompleted);
  auto selected = f.transport.iceSelectedTuple();
  REQUIRE(selected);
  CHECK(selected->remoteIp == "127.0.0.1");
  CHECK(selected->remotePort == 5000);
  CHECK(selected->localPort == f.transport.iceCandidates()[0].port);
  CHECK(f.IceStates().back() == "completed");
  auto tuples = f.fake.notifier.All<event::IceSelectedTupleChange>("t1");
  REQUIRE(tuples.size() == 1);
  REQUIRE(tuples[0].tuple);
  CHECK(tuples[0].tuple->remotePort == 5000);
  CHECK(f.transport.iceStats().validChecks == 1);
  // ICE alone is not a connection: no DTLS yet.
  CHECK_FALSE(f.transport.connected());
}

TEST_CASE("ICE: refused checks get the RFC's errors, are counted and change nothing") {
  Fixture f;
  const auto& ice = f.transport.iceParameters();
  StunCheck wrongUser;
  wrongUser.username = "NotOurUfrag:PeerUfrag";
  f.peer.SendCheck(wrongUser);
  f.Exchange();
  CHECK(f.LastError() == 401);  // RFC 8445 7.3: unauthorized.
  CHECK(f.transport.iceStats().wrongUsername == 1);

  StunCheck wrongPassword;
  wrongPassword.password = std::string(ice.password.size(), 'x');
  f.peer.SendCheck(wrongPassword);
  f.Exchange();
  CHECK(f.LastError() == 401);
  CHECK(f.transport.iceStats().badIntegrity == 1);

  StunCheck noIntegrity;
  noIntegrity.integrity = false;
  f.peer.SendCheck(noIntegrity);
  f.Exchange();
  CHECK(f.LastError() == 400);  // RFC 8489 9.1.3: no MESSAGE-INTEGRITY.
  CHECK(f.transport.iceStats().missingCredentials == 1);

  StunCheck noPriority;
  noPriority.priority = false;
  f.peer.SendCheck(noPriority);
  f.Exchange();
  CHECK(f.LastError() == 400);  // RFC 8445 7.3: PRIORITY is mandatory.
  CHECK(f.transport.iceStats().missingPriority == 1);

  StunCheck controlled;
  controlled.controlling = false;
  f.peer.SendCheck(controlled);
  f.Exchange();
  CHECK(f.LastError() == 487);  // RFC 8445 7.3.1.1: a lite agent is always controlled.
  CHECK(f.transport.iceStats().roleConflicts == 1);

  // A STUN-looking datagram that does not parse, and bytes that are nothing at all.
  std::vector<uint8_t> badStun = f.peer.BuildCheck();
  badStun[3] = static_cast<uint8_t>(badStun[3] + 4);  // The length lies.
  f.peer.Send(badStun);
  const uint8_t garbage[] = {0x47, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  f.peer.Send(garbage);
  f.Exchange();
  CHECK(f.transport.counters().unknownPackets == 2);

  CHECK(f.transport.iceState() == engine::IceState::kNew);
  CHECK_FALSE(f.transport.iceSelectedTuple());
  CHECK(f.IceStates().empty());
  CHECK(f.transport.iceStats().validChecks == 0);
  CHECK(f.peer.stunRaw.size() == 5);  // One answer per refused request, none for the rest.
}

TEST_CASE("ICE: DTLS and media from a path ICE never validated are dropped and counted") {
  Fixture f;
  f.Connect();
  WebRtcPeer stranger{f.fake.network, "127.0.0.1", 6000};
  stranger.SetRemote(f.TransportAddress(), f.transport.iceParameters());
  // A valid SRTP packet of the real peer, replayed from elsewhere.
  auto rtp = f.peer.ProtectRtp(MakeRtp(1111, 1, 111, 0xAA));
  REQUIRE(rtp);
  stranger.Send(*rtp);
  const uint8_t dtls[] = {22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
  stranger.Send(dtls);
  f.Exchange({&f.peer, &stranger});
  CHECK(f.transport.counters().foreignTuplePackets == 2);
  CHECK(f.transport.counters().rtpPacketsReceived == 0);
  CHECK(f.transport.iceSelectedTuple()->remotePort == 5000);
  CHECK(f.transport.connected());
}

TEST_CASE("ICE: a peer nominating another path switches the selected tuple") {
  Fixture f;
  f.Connect();
  WebRtcPeer other{f.fake.network, "127.0.0.1", 5001};
  other.SetRemote(f.TransportAddress(), f.transport.iceParameters());
  other.SendCheck();
  f.Exchange({&f.peer, &other});
  REQUIRE(f.transport.iceSelectedTuple());
  CHECK(f.transport.iceSelectedTuple()->remotePort == 5001);
  auto tuples = f.fake.notifier.All<event::IceSelectedTupleChange>("t1");
  REQUIRE(tuples.size() == 2);
  CHECK(tuples[1].tuple->remotePort == 5001);
  CHECK(f.transport.connected());

  // A non-nominating check from the first path keeps it valid but does not select it.
  StunCheck plain;
  plain.useCandidate = false;
  f.peer.SendCheck(plain);
  f.Exchange({&f.peer, &other});
  CHECK(f.transport.iceSelectedTuple()->remotePort == 5001);
}

TEST_CASE("ICE: consent expires 30 s after the last valid check, and a check revives the path") {
  Fixture f;
  f.Connect();
  f.fake.network.Advance(std::chrono::seconds(20));
  f.peer.SendCheck();  // Consent refreshed (RFC 7675 5.1).
  f.Exchange();
  f.fake.network.Advance(std::chrono::seconds(29));
  CHECK(f.transport.iceState() == engine::IceState::kCompleted);
  CHECK(f.transport.connected());
  f.fake.network.Advance(std::chrono::milliseconds(1001));
  CHECK(f.transport.iceState() == engine::IceState::kDisconnected);
  CHECK(f.IceStates().back() == "disconnected");
  CHECK_FALSE(f.transport.connected());
  CHECK(f.transport.iceStats().consentExpirations == 1);
  // DTLS survives; a fresh check brings the path back (the transport keeps trying until closed).
  CHECK(f.transport.dtlsState() == engine::DtlsState::kConnected);
  f.peer.SendCheck();
  f.Exchange();
  CHECK(f.transport.iceState() == engine::IceState::kCompleted);
  CHECK(f.transport.connected());
}

TEST_CASE("DTLS: the handshake completes in either role and both ends derive the same keys") {
  for (auto role : {engine::DtlsRole::kServer, engine::DtlsRole::kClient}) {
    CAPTURE(engine::DtlsRoleName(role));
    Fixture f;
    f.Connect(role);
    CHECK(f.transport.dtlsRole() == role);
    CHECK(f.transport.localDtlsParameters().role ==
          (role == engine::DtlsRole::kServer ? DtlsRoleParam::kServer : DtlsRoleParam::kClient));
    CHECK(f.DtlsStates() == std::vector<std::string>{"connecting", "connected"});
    // Media proves the keys match: the peer's SRTCP authenticates at the transport.
    REQUIRE(f.peer.SendRtcp(MakeEmptyRr(0x5555)));
    f.Exchange();
    CHECK(f.transport.counters().srtpAuthFailures == 0);
    CHECK(f.transport.counters().rtcpPacketsReceived == 1);
  }
}

TEST_CASE("DTLS: a ClientHello that beats transport.connect is held and answered") {
  Fixture f;
  f.peer.SendCheck();
  f.Exchange();
  f.peer.StartDtls(engine::DtlsRole::kClient, f.Now(),
                   test::TestCertificate().Fingerprint("sha-256"));
  f.Exchange();
  CHECK(f.transport.dtlsState() == engine::DtlsState::kNew);
  f.transport.Connect(f.peer.dtlsParameters(DtlsRoleParam::kClient));
  f.Exchange();
  CHECK(f.transport.dtlsState() == engine::DtlsState::kConnected);
  CHECK(f.peer.dtls().state() == engine::DtlsState::kConnected);
}

TEST_CASE("DTLS: a peer whose certificate does not match the fingerprint fails the transport") {
  for (auto role : {engine::DtlsRole::kServer, engine::DtlsRole::kClient}) {
    CAPTURE(engine::DtlsRoleName(role));
    Fixture f;
    f.peer.SendCheck();
    f.Exchange();
    // Signalled: someone else's certificate (here the worker's own).
    DtlsParameters wrong;
    wrong.role =
        role == engine::DtlsRole::kServer ? DtlsRoleParam::kClient : DtlsRoleParam::kServer;
    wrong.fingerprints.push_back({"sha-256", test::TestCertificate().Fingerprint("sha-256")});
    f.transport.Connect(wrong);
    f.peer.StartDtls(
        role == engine::DtlsRole::kServer ? engine::DtlsRole::kClient : engine::DtlsRole::kServer,
        f.Now(), test::TestCertificate().Fingerprint("sha-256"));
    f.Exchange();
    CHECK(f.transport.dtlsState() == engine::DtlsState::kFailed);
    CHECK(f.DtlsStates().back() == "failed");
    auto events = f.fake.notifier.All<event::DtlsStateChange>("t1");
    CHECK_FALSE(events.back().reason.empty());
    CHECK_FALSE(f.transport.connected());
    CHECK(f.peer.dtls().state() != engine::DtlsState::kConnected);
    // No keys: whatever SRTP-looking thing arrives now is refused.
    f.peer.Send(MakeRtp(1111, 1, 111, 0));
    f.Exchange();
    CHECK(f.transport.counters().srtpAuthFailures == 1);
    CHECK(f.transport.counters().rtpPacketsReceived == 0);
  }
}

TEST_CASE("DTLS: connect() is validated") {
  Fixture f;
  DtlsParameters none;
  CHECK_THROWS_AS(f.transport.Connect(none), Error);
  DtlsParameters unknown;
  unknown.fingerprints.push_back({"md5", "00:11"});
  CHECK_THROWS_AS(f.transport.Connect(unknown), Error);
  DtlsParameters malformed;
  malformed.fingerprints.push_back({"sha-256", "00:11"});
  CHECK_THROWS_AS(f.transport.Connect(malformed), Error);
  f.transport.Connect(f.peer.dtlsParameters(DtlsRoleParam::kClient));
  CHECK_THROWS_AS(f.transport.Connect(f.peer.dtlsParameters(DtlsRoleParam::kClient)), Error);
}

TEST_CASE("SRTP: media goes through a producer and a consumer both ways, bad SRTP is counted") {
  Fixture f;
  f.Connect();
  Producer& producer = f.ProduceOpus(1111);
  Consumer& consumer = f.ConsumeOn(f.transport, producer, "c1");
  const uint32_t consumerSsrc = *consumer.rtpParameters().encodings.at(0).ssrc;
  const uint8_t consumerPt = consumer.rtpParameters().codecs.at(0).payloadType;

  for (uint16_t seq = 1; seq <= 20; ++seq) {
    REQUIRE(f.peer.SendRtp(MakeRtp(1111, seq, 111, static_cast<uint8_t>(seq))));
  }
  f.Exchange();
  CHECK(f.transport.counters().rtpPacketsReceived == 20);
  CHECK(f.transport.counters().srtpAuthFailures == 0);
  REQUIRE(f.peer.rtp.size() == 20);
  CHECK(f.peer.srtpFailures == 0);
  for (size_t i = 0; i < f.peer.rtp.size(); ++i) {
    const auto& p = f.peer.rtp[i];
    REQUIRE(p.size() == 52);
    CHECK(base::LoadBe32(&p[8]) == consumerSsrc);
    CHECK((p[1] & 0x7F) == consumerPt);
    CHECK(p.back() == static_cast<uint8_t>(i + 1));  // The payload, untouched.
  }

  // Tampered (one bit of the payload) and replayed packets never reach the producer.
  auto good = f.peer.ProtectRtp(MakeRtp(1111, 21, 111, 21));
  REQUIRE(good);
  auto tampered = *good;
  tampered[20] ^= 1;
  f.peer.Send(tampered);
  f.peer.Send(*good);
  f.peer.Send(*good);
  f.Exchange();
  CHECK(f.transport.counters().srtpAuthFailures == 1);
  CHECK(f.transport.counters().srtpReplays == 1);
  CHECK(f.transport.counters().rtpPacketsReceived == 21);
  CHECK(f.peer.rtp.size() == 21);

  // RTCP both ways: the peer's receiver report in, the transport's reports out, all SRTCP.
  REQUIRE(f.peer.SendRtcp(MakeEmptyRr(0x5555)));
  f.fake.network.Advance(std::chrono::seconds(6));
  test::Exchange(f.fake.network, f.Now(), {&f.peer});
  CHECK(f.transport.counters().rtcpPacketsReceived == 1);
  CHECK_FALSE(f.peer.rtcp.empty());
  CHECK(f.peer.srtpFailures == 0);
}

TEST_CASE("restartIce: new credentials; the old ones work until the peer uses the new ones") {
  Fixture f;
  f.Connect();
  IceParameters before = f.transport.iceParameters();
  IceParameters after = f.transport.RestartIce();
  CHECK(after.usernameFragment != before.usernameFragment);
  CHECK(after.password != before.password);
  CHECK(f.transport.iceParameters().usernameFragment == after.usernameFragment);

  f.peer.SendCheck();  // Still the old credentials: the peer has not heard of the restart.
  f.Exchange();
  CHECK(f.LastAnswer().message_class() == stun::StunClass::kSuccessResponse);

  f.peer.SetRemoteIce(after);
  f.peer.SendCheck();
  f.Exchange();
  auto answer = f.LastAnswer();
  CHECK(answer.message_class() == stun::StunClass::kSuccessResponse);
  CHECK(answer.CheckMessageIntegrity(std::string_view(after.password)));

  f.peer.SetRemoteIce(before);
  f.peer.SendCheck();
  f.Exchange();
  CHECK(f.LastError() == 401);     // The old ufrag is retired.
  CHECK(f.transport.connected());  // DTLS and SRTP are untouched by an ICE restart.
}

TEST_CASE("close sends close_notify and the transport ignores what comes after") {
  Fixture f;
  f.Connect();
  f.transport.Close();
  f.Exchange();
  CHECK(f.peer.dtls().state() == engine::DtlsState::kClosed);
  f.peer.SendCheck();
  f.Exchange();
  CHECK(f.peer.stunRaw.size() == 1);  // Only the answer from before the close.
}

TEST_CASE("ICE over TCP: checks, DTLS and SRTP in RFC 4571 frames; closed connections end paths") {
  Fixture f(true);
  REQUIRE(f.transport.iceCandidates().size() == 2);
  const auto tcpAddress = f.TransportAddress(TransportProtocol::kTcp);
  REQUIRE(f.peer.ConnectTcp(f.fake.network, tcpAddress));
  f.Connect();
  auto selected = f.transport.iceSelectedTuple();
  REQUIRE(selected);
  CHECK(selected->protocol == TransportProtocol::kTcp);
  CHECK(selected->localPort == tcpAddress.port());

  Producer& producer = f.ProduceOpus(1111);
  f.ConsumeOn(f.transport, producer, "c1");
  for (uint16_t seq = 1; seq <= 5; ++seq)
    REQUIRE(f.peer.SendRtp(MakeRtp(1111, seq, 111, 7)));
  f.Exchange();
  CHECK(f.transport.counters().rtpPacketsReceived == 5);
  CHECK(f.peer.rtp.size() == 5);

  // A second connection nominates: selected. When it closes, the first one takes over.
  WebRtcPeer second{f.fake.network, "127.0.0.1", 5002};
  second.SetRemoteIce(f.transport.iceParameters());
  REQUIRE(second.ConnectTcp(f.fake.network, tcpAddress));
  second.SendCheck();
  f.Exchange({&f.peer, &second});
  CHECK(f.transport.iceSelectedTuple()->remotePort == 5002);
  second.tcp()->Close();
  f.Exchange({&f.peer, &second});
  REQUIRE(f.transport.iceSelectedTuple());
  CHECK(f.transport.iceSelectedTuple()->remotePort == 5000);
  CHECK(f.transport.connected());

  // A zero-length frame is a framing error (RFC 4571 frames are never empty): the connection is
  // dropped, and with it the last path.
  const uint8_t zero[] = {0, 0};
  f.peer.tcp()->Send(zero);
  CHECK_FALSE(f.peer.tcp()->open());
  f.Exchange();
  CHECK(f.transport.iceState() == engine::IceState::kDisconnected);
  CHECK_FALSE(f.transport.iceSelectedTuple());
  CHECK_FALSE(f.transport.connected());
}

TEST_CASE("ICE over TCP: frames split anywhere and coalesced are all received") {
  Fixture f(true);
  const auto tcpAddress = f.TransportAddress(TransportProtocol::kTcp);
  auto client = f.fake.network.Connect(f.peer.address(), tcpAddress);
  REQUIRE(client);
  std::vector<uint8_t> stream;
  for (int i = 0; i < 3; ++i) {
    auto check = f.peer.BuildCheck();
    stream.push_back(static_cast<uint8_t>(check.size() >> 8));
    stream.push_back(static_cast<uint8_t>(check.size()));
    stream.insert(stream.end(), check.begin(), check.end());
  }
  // One byte at a time: every split point of every frame.
  for (uint8_t byte : stream)
    REQUIRE(client->Send(base::ByteView(&byte, 1)));
  CHECK(f.transport.iceStats().validChecks == 3);
  // All at once.
  client->Send(stream);
  CHECK(f.transport.iceStats().validChecks == 6);
  CHECK(f.transport.iceState() == engine::IceState::kCompleted);
}
