// PlainTransport scenarios on the fake network: comedia tuple learning (RTP and RTCP), foreign
// sources, RTCP without mux, connect() validation, and SRTP round trips with every suite.

#include "sfu/plain_transport.hpp"

#include <doctest/doctest.h>

#include "engine/srtp/srtp_session.hpp"
#include "video_room.hpp"

using namespace weir;
using namespace weir::test;
using namespace std::chrono_literals;

namespace {

sfu::ErrorKind KindOf(const std::function<void()>& f, std::string* reason = nullptr) {
  try {
    f();
  } catch (const sfu::Error& e) {
    if (reason) *reason = e.what();
    return e.kind();
  }
  FAIL("no error");
  return sfu::ErrorKind::kError;
}

// A sender on a comedia transport "in", a receiver connected on "out".
struct ComediaRoom : SfuScenario {
  std::unique_ptr<FakeNetwork::Peer> sender = CreatePeer("10.0.0.1", 5000);
  std::unique_ptr<FakeNetwork::Peer> senderRtcp = CreatePeer("10.0.0.1", 5001);
  std::unique_ptr<FakeNetwork::Peer> stranger = CreatePeer("10.0.0.9", 5000);
  std::unique_ptr<FakeNetwork::Peer> receiver = CreatePeer("10.0.0.2", 6000);
  sfu::PlainTransport& out = CreatePlainTransport("out");

  ComediaRoom() { ConnectTo(out, *receiver); }

  std::vector<uint8_t> Video(uint16_t seq, uint32_t ssrc = kSenderSsrc) {
    return BuildRtp({kSenderPt, seq, 3000u * seq, ssrc, false, {}, Vp8Payload(seq == 0)});
  }
};

}  // namespace

TEST_CASE_FIXTURE(ComediaRoom,
                  "comedia learns the remote from the first RTP and a multiplexed RTCP port") {
  auto& in = CreatePlainTransport("in", {.comedia = true});
  CHECK_FALSE(in.connected());
  Produce(in, "p", sfu::MediaKind::kVideo, Vp8ProducerParameters(kSenderSsrc));
  Consume(out, "c", "p");
  // RTCP before any RTP sets nothing.
  Send(*senderRtcp, LocalAddress(in), BuildSr(kSenderSsrc, {1, 2, 3, 4}));
  CHECK(in.counters().foreignTuplePackets == 1);
  CHECK(fake.notifier.All<sfu::event::TransportTuple>("in").empty());

  Send(*sender, LocalAddress(in), Video(0));
  CHECK(in.connected());
  auto tuples = fake.notifier.All<sfu::event::TransportTuple>("in");
  REQUIRE(tuples.size() == 1);
  CHECK(tuples[0].tuple.remoteIp == "10.0.0.1");
  CHECK(tuples[0].tuple.remotePort == 5000);
  CHECK(tuples[0].tuple.localAddress == "127.0.0.1");
  CHECK(tuples[0].tuple.localPort == in.tuple().localPort);
  CHECK(in.tuple().remotePort == 5000);
  CHECK(RtpOf(*receiver).size() == 1);

  // RTCP from the same host, another port: that port is where RTCP goes from now on.
  Send(*senderRtcp, LocalAddress(in), BuildSr(kSenderSsrc, {1, 2, 3, 4}));
  auto rtcpTuples = fake.notifier.All<sfu::event::TransportRtcpTuple>("in");
  REQUIRE(rtcpTuples.size() == 1);
  CHECK(rtcpTuples[0].tuple.remoteIp == "10.0.0.1");
  CHECK(rtcpTuples[0].tuple.remotePort == 5001);
  Advance(1600ms);
  CHECK_FALSE(RtcpOf(*senderRtcp).empty());
  CHECK(RtcpOf(*sender).empty());
  // RTCP from the RTP port is still accepted; nothing is learned twice.
  Send(*sender, LocalAddress(in), BuildSr(kSenderSsrc, {1, 2, 3, 4}));
  Send(*sender, LocalAddress(in), Video(1));
  CHECK(fake.notifier.All<sfu::event::TransportTuple>("in").size() == 1);
  CHECK(fake.notifier.All<sfu::event::TransportRtcpTuple>("in").size() == 1);
  CHECK(in.counters().foreignTuplePackets == 1);
  CHECK(RtpOf(*receiver).size() == 2);
}

TEST_CASE_FIXTURE(ComediaRoom,
                  "once the tuple is set, packets from any other address are counted and dropped") {
  auto& in = CreatePlainTransport("in", {.comedia = true});
  Produce(in, "p", sfu::MediaKind::kVideo, Vp8ProducerParameters(kSenderSsrc));
  Consume(out, "c", "p");
  Send(*sender, LocalAddress(in), Video(0));
  Send(*stranger, LocalAddress(in), Video(1));  // Same SSRC, another host.
  Send(*stranger, LocalAddress(in), BuildPli(1, kSenderSsrc));
  Send(*senderRtcp, LocalAddress(in), Video(2));  // RTP from another port of the same host.
  CHECK(in.counters().foreignTuplePackets == 3);
  CHECK(RtpOf(*receiver).size() == 1);
  CHECK(in.tuple().remotePort == 5000);
  Send(*sender, LocalAddress(in), Video(3));
  CHECK(RtpOf(*receiver).size() == 2);
  // Foreign packets sent to a connected (not comedia) transport are dropped the same way.
  Send(*stranger, LocalAddress(out), BuildRr(1, {}));
  CHECK(out.counters().foreignTuplePackets == 1);
  CHECK(out.counters().rtcpPacketsReceived == 0);
}

TEST_CASE_FIXTURE(ComediaRoom, "comedia learns only from a packet that parses") {
  auto& in = CreatePlainTransport("in", {.comedia = true});
  Produce(in, "p", sfu::MediaKind::kVideo, Vp8ProducerParameters(kSenderSsrc));
  Consume(out, "c", "p");
  // A stray datagram that looks like RTP but is not (15 CSRCs announced, none there).
  Send(*stranger, LocalAddress(in), {0x8f, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1});
  CHECK(in.counters().badRtpPackets == 1);
  CHECK_FALSE(in.connected());
  CHECK(fake.notifier.All<sfu::event::TransportTuple>("in").empty());
  Send(*sender, LocalAddress(in), Video(0));
  CHECK(in.tuple().remoteIp == "10.0.0.1");
  CHECK(RtpOf(*receiver).size() == 1);
}

TEST_CASE_FIXTURE(ComediaRoom,
                  "comedia without rtcpMux learns the RTCP remote on the RTCP socket") {
  auto& in = CreatePlainTransport("in", {.comedia = true, .rtcpMux = false});
  REQUIRE(in.rtcpTuple().has_value());
  CHECK(in.rtcpTuple()->localPort != in.tuple().localPort);
  Produce(in, "p", sfu::MediaKind::kVideo, Vp8ProducerParameters(kSenderSsrc));
  Send(*sender, LocalAddress(in), Video(0));
  Send(*senderRtcp, RtcpLocalAddress(in), Video(1));  // RTP on the RTCP socket.
  CHECK(in.counters().unknownPackets == 1);
  Send(*senderRtcp, RtcpLocalAddress(in), BuildSr(kSenderSsrc, {1, 2, 3, 4}));
  auto rtcpTuples = fake.notifier.All<sfu::event::TransportRtcpTuple>("in");
  REQUIRE(rtcpTuples.size() == 1);
  CHECK(rtcpTuples[0].tuple.remotePort == 5001);
  CHECK(rtcpTuples[0].tuple.localPort == in.rtcpTuple()->localPort);
  CHECK(in.rtcpTuple()->remotePort == 5001);
  Send(*stranger, RtcpLocalAddress(in), BuildSr(kSenderSsrc, {1, 2, 3, 4}));
  CHECK(in.counters().foreignTuplePackets == 1);
  Advance(1600ms);
  // Reports leave from the RTCP socket to the learned RTCP port.
  REQUIRE_FALSE(senderRtcp->inbox.empty());
  CHECK(senderRtcp->inbox.back().from == RtcpLocalAddress(in));
  CHECK(RtcpOf(*sender).empty());
}

TEST_CASE_FIXTURE(ComediaRoom, "connect() without rtcpMux sends RTCP to rtcpPort") {
  auto& rtcpPeer = *senderRtcp;
  auto& in = CreatePlainTransport("in", {.rtcpMux = false});
  std::string reason;
  CHECK(KindOf([&] { ConnectTo(in, *sender); }, &reason) == sfu::ErrorKind::kTypeError);
  CHECK(reason.find("rtcpPort") != std::string::npos);
  ConnectTo(in, *sender, 5001);
  CHECK(in.rtcpTuple()->remotePort == 5001);
  Produce(in, "p", sfu::MediaKind::kVideo, Vp8ProducerParameters(kSenderSsrc));
  Send(*sender, LocalAddress(in), Video(0));
  Advance(1600ms);
  CHECK_FALSE(RtcpOf(rtcpPeer).empty());
  CHECK(RtcpOf(*sender).empty());
}

TEST_CASE_FIXTURE(SfuScenario, "connect() rejects what does not fit, and a second call") {
  auto& t = CreatePlainTransport("t");
  sfu::PlainConnectParams p;
  std::string reason;
  CHECK(KindOf([&] { t.Connect(p); }, &reason) == sfu::ErrorKind::kTypeError);
  CHECK(reason == "missing ip");
  p.ip = "10.0.0.1";
  CHECK(KindOf([&] { t.Connect(p); }, &reason) == sfu::ErrorKind::kTypeError);
  CHECK(reason == "missing port");
  p.port = 5000;
  p.ip = "::1";
  CHECK(KindOf([&] { t.Connect(p); }, &reason) == sfu::ErrorKind::kTypeError);
  CHECK(reason.find("ip") == 0);
  p.ip = "not an ip";
  CHECK(KindOf([&] { t.Connect(p); }, &reason) == sfu::ErrorKind::kTypeError);
  CHECK(reason.find("ip") == 0);
  p.ip = "10.0.0.1";
  p.rtcpPort = 5001;
  CHECK(KindOf([&] { t.Connect(p); }, &reason) == sfu::ErrorKind::kTypeError);
  CHECK(reason.find("rtcpPort") != std::string::npos);
  p.rtcpPort.reset();
  p.srtpParameters = sfu::SrtpParameters{};
  CHECK(KindOf([&] { t.Connect(p); }, &reason) == sfu::ErrorKind::kTypeError);
  CHECK(reason.find("srtpParameters") != std::string::npos);
  p.srtpParameters.reset();
  CHECK_FALSE(t.connected());
  t.Connect(p);
  CHECK(t.connected());
  CHECK(t.tuple().remoteIp == "10.0.0.1");
  CHECK(KindOf([&] { t.Connect(p); }) == sfu::ErrorKind::kInvalidState);

  auto& comedia = CreatePlainTransport("c", {.comedia = true});
  CHECK(KindOf([&] { comedia.Connect(p); }, &reason) == sfu::ErrorKind::kTypeError);
  CHECK(reason.find("comedia") != std::string::npos);
  comedia.Connect({});
  CHECK_FALSE(comedia.connected());  // Until the first packet.
}

namespace {

struct SrtpPeer {
  std::vector<uint8_t> key;
  std::unique_ptr<engine::SrtpSession> out;
  std::unique_ptr<engine::SrtpSession> in;
};

std::vector<uint8_t> TestKey(engine::SrtpSuite suite, uint8_t seed) {
  std::vector<uint8_t> key(engine::KeySizes(suite).total());
  for (size_t i = 0; i < key.size(); ++i)
    key[i] = static_cast<uint8_t>(seed * 31 + i);
  return key;
}

std::vector<uint8_t> Protect(engine::SrtpSession& session, std::vector<uint8_t> packet, bool rtcp) {
  size_t length = packet.size();
  packet.resize(length + engine::kSrtpMaxTrailer);
  auto r = rtcp ? session.ProtectRtcp(packet, &length) : session.ProtectRtp(packet, &length);
  REQUIRE(r == engine::SrtpResult::kOk);
  packet.resize(length);
  return packet;
}

std::optional<std::vector<uint8_t>> Unprotect(engine::SrtpSession& session,
                                              std::vector<uint8_t> packet) {
  size_t length = packet.size();
  bool rtcp = IsRtcp(packet);
  auto r = rtcp ? session.UnprotectRtcp(packet, &length) : session.UnprotectRtp(packet, &length);
  if (r != engine::SrtpResult::kOk) return std::nullopt;
  packet.resize(length);
  return packet;
}

}  // namespace

TEST_CASE_FIXTURE(SfuScenario,
                  "SRTP PlainTransports forward, answer NACKs and report with every suite") {
  const engine::SrtpSuite suites[] = {
      engine::SrtpSuite::kAesCm128HmacSha1_80, engine::SrtpSuite::kAesCm128HmacSha1_32,
      engine::SrtpSuite::kAeadAes128Gcm, engine::SrtpSuite::kAeadAes256Gcm};
  uint16_t port = 20000;
  for (auto suite : suites) {
    CAPTURE(engine::SrtpSuiteName(suite));
    const std::string n(engine::SrtpSuiteName(suite));
    auto sender = CreatePeer("10.0.0.1", port++);
    auto receiver = CreatePeer("10.0.0.2", port++);
    auto& in = CreatePlainTransport("in" + n, {.enableSrtp = true, .suite = suite});
    auto& out = CreatePlainTransport("out" + n, {.enableSrtp = true, .suite = suite});
    REQUIRE(in.srtpParameters().has_value());
    CHECK(in.srtpParameters()->cryptoSuite == suite);
    CHECK(in.srtpParameters()->keyAndSalt.size() == engine::KeySizes(suite).total());
    CHECK(in.srtpParameters()->keyAndSalt != out.srtpParameters()->keyAndSalt);
    CHECK_FALSE(in.connected());

    std::string error;
    auto senderKey = TestKey(suite, 1);
    auto receiverKey = TestKey(suite, 2);
    auto senderOut = engine::SrtpSession::Create(engine::SrtpSession::Direction::kOutbound, suite,
                                                 senderKey, &error);
    auto receiverOut = engine::SrtpSession::Create(engine::SrtpSession::Direction::kOutbound, suite,
                                                   receiverKey, &error);
    auto receiverIn = engine::SrtpSession::Create(engine::SrtpSession::Direction::kInbound, suite,
                                                  out.srtpParameters()->keyAndSalt, &error);
    REQUIRE(senderOut);
    REQUIRE(receiverIn);
    sfu::PlainConnectParams cp;
    cp.ip = "10.0.0.1";
    cp.port = sender->socket->local().port();
    cp.srtpParameters = sfu::SrtpParameters{suite, senderKey};
    in.Connect(cp);
    cp.ip = "10.0.0.2";
    cp.port = receiver->socket->local().port();
    cp.srtpParameters = sfu::SrtpParameters{suite, receiverKey};
    out.Connect(cp);
    CHECK(in.connected());

    Produce(in, "p" + n, sfu::MediaKind::kVideo, Vp8ProducerParameters(kSenderSsrc));
    auto& c = Consume(out, "c" + n, "p" + n, /*enableRtx=*/false);
    std::vector<std::vector<uint8_t>> plain;
    for (uint16_t seq = 0; seq < 5; ++seq) {
      plain.push_back(VideoRoom::Vp8Packet(seq, seq == 0));
      Send(*sender, LocalAddress(in), Protect(*senderOut, plain.back(), false));
    }
    // A tampered packet and a replayed one are counted, not forwarded.
    auto tampered = Protect(*senderOut, VideoRoom::Vp8Packet(5, false), false);
    tampered[20] ^= 1;
    Send(*sender, LocalAddress(in), tampered);
    Send(*sender, LocalAddress(in), Protect(*senderOut, plain[2], false));
    // Plain RTP is not authentic either.
    Send(*sender, LocalAddress(in), VideoRoom::Vp8Packet(6, false));
    CHECK(in.counters().srtpAuthFailures == 2);
    CHECK(in.counters().srtpReplays == 1);

    std::vector<ReceivedRtp> received;
    for (const auto& d : receiver->inbox) {
      REQUIRE(IsRtp(d.data));
      REQUIRE(received.size() < plain.size());
      CHECK(d.data.size() > plain[received.size()].size());  // The auth tag (GCM: in the payload).
      auto clear = Unprotect(*receiverIn, d.data);
      REQUIRE(clear.has_value());
      received.push_back(*ParseRtp(*clear));
    }
    REQUIRE(received.size() == 5);
    for (size_t i = 0; i < 5; ++i)
      CHECK(received[i].payload == ParseRtp(plain[i])->payload);
    receiver->inbox.clear();

    // An SRTCP PLI from the receiver reaches the sender as SRTCP; a NACK is honoured only with
    // nack feedback (no RTX here: no NACK either), so use the PLI.
    auto senderIn = engine::SrtpSession::Create(engine::SrtpSession::Direction::kInbound, suite,
                                                in.srtpParameters()->keyAndSalt, &error);
    uint32_t cssrc = c.rtpParameters().encodings[0].ssrc.value();
    Send(*receiver, LocalAddress(out), Protect(*receiverOut, BuildPli(1, cssrc), true));
    bool sawPli = false;
    for (const auto& d : sender->inbox) {
      auto clear = Unprotect(*senderIn, d.data);
      REQUIRE(clear.has_value());
      auto rtcp = ParseRtcp(*clear);
      REQUIRE(rtcp.has_value());
      sawPli = sawPli || !rtcp->keyFrameRequests.empty();
    }
    CHECK(sawPli);
    // Reports are SRTCP too.
    Advance(1600ms);
    bool sawSr = false;
    for (const auto& d : receiver->inbox) {
      auto clear = Unprotect(*receiverIn, d.data);
      REQUIRE(clear.has_value());
      sawSr = sawSr || !ParseRtcp(*clear)->srs.empty();
    }
    CHECK(sawSr);
  }
}

TEST_CASE_FIXTURE(SfuScenario, "SRTP connect() checks the key and follows the remote's suite") {
  auto& t = CreatePlainTransport("t", {.enableSrtp = true});
  sfu::PlainConnectParams p;
  p.ip = "10.0.0.1";
  p.port = 5000;
  std::string reason;
  CHECK(KindOf([&] { t.Connect(p); }, &reason) == sfu::ErrorKind::kTypeError);
  CHECK(reason.find("srtpParameters") != std::string::npos);
  p.srtpParameters =
      sfu::SrtpParameters{engine::SrtpSuite::kAesCm128HmacSha1_80, std::vector<uint8_t>(29, 1)};
  CHECK(KindOf([&] { t.Connect(p); }, &reason) == sfu::ErrorKind::kTypeError);
  CHECK(reason.find("srtpParameters.keyBase64") == 0);
  CHECK(reason.find("30") != std::string::npos);
  CHECK_FALSE(t.connected());

  // A rejected connect changes nothing: not the local keys either.
  const auto localBefore = *t.srtpParameters();
  p.srtpParameters = sfu::SrtpParameters{engine::SrtpSuite::kAeadAes256Gcm,
                                         TestKey(engine::SrtpSuite::kAeadAes256Gcm, 3)};
  p.port.reset();
  CHECK(KindOf([&] { t.Connect(p); }, &reason) == sfu::ErrorKind::kTypeError);
  CHECK(reason == "missing port");
  CHECK(t.srtpParameters()->cryptoSuite == localBefore.cryptoSuite);
  CHECK(t.srtpParameters()->keyAndSalt == localBefore.keyAndSalt);

  p.port = 5000;
  t.Connect(p);
  CHECK(t.connected());
  CHECK(t.srtpParameters()->cryptoSuite == engine::SrtpSuite::kAeadAes256Gcm);
  CHECK(t.srtpParameters()->keyAndSalt.size() == 44);
}

TEST_CASE_FIXTURE(SfuScenario,
                  "a rejected comedia SRTP connect leaves the transport unable to decrypt") {
  auto sender = CreatePeer("10.0.0.1", 5000);
  auto& t = CreatePlainTransport("t", {.comedia = true, .enableSrtp = true});
  Produce(t, "p", sfu::MediaKind::kVideo, Vp8ProducerParameters(kSenderSsrc));
  const auto suite = engine::SrtpSuite::kAesCm128HmacSha1_80;
  sfu::PlainConnectParams p;
  p.ip = "10.0.0.1";  // Not allowed with comedia.
  p.srtpParameters = sfu::SrtpParameters{suite, TestKey(suite, 1)};
  CHECK(KindOf([&] { t.Connect(p); }) == sfu::ErrorKind::kTypeError);
  std::string error;
  auto out = engine::SrtpSession::Create(engine::SrtpSession::Direction::kOutbound, suite,
                                         TestKey(suite, 1), &error);
  Send(*sender, LocalAddress(t), Protect(*out, VideoRoom::Vp8Packet(0, true), false));
  CHECK(t.counters().srtpAuthFailures == 1);
  CHECK(t.counters().rtpPacketsReceived == 0);
}

TEST_CASE_FIXTURE(ComediaRoom, "with SRTP, comedia learns only from an authentic packet") {
  const auto suite = engine::SrtpSuite::kAeadAes128Gcm;
  auto& in = CreatePlainTransport("in", {.comedia = true, .enableSrtp = true, .suite = suite});
  sfu::PlainConnectParams p;
  p.srtpParameters = sfu::SrtpParameters{suite, TestKey(suite, 1)};
  in.Connect(p);
  Produce(in, "p", sfu::MediaKind::kVideo, Vp8ProducerParameters(kSenderSsrc));
  Consume(out, "c", "p");
  std::string error;
  auto good = engine::SrtpSession::Create(engine::SrtpSession::Direction::kOutbound, suite,
                                          TestKey(suite, 1), &error);
  auto bad = engine::SrtpSession::Create(engine::SrtpSession::Direction::kOutbound, suite,
                                         TestKey(suite, 2), &error);
  // Someone else gets there first, without the keys: the tuple must stay free.
  Send(*stranger, LocalAddress(in), Protect(*bad, Video(0), false));
  Send(*stranger, LocalAddress(in), Video(1));
  CHECK(in.counters().srtpAuthFailures == 2);
  CHECK(fake.notifier.All<sfu::event::TransportTuple>("in").empty());
  CHECK_FALSE(in.connected());
  Send(*sender, LocalAddress(in), Protect(*good, Video(0), false));
  CHECK(in.connected());
  CHECK(in.tuple().remoteIp == "10.0.0.1");
  CHECK(RtpOf(*receiver).size() == 1);
  Send(*stranger, LocalAddress(in), Protect(*good, Video(1), false));  // Even with the keys.
  CHECK(in.counters().foreignTuplePackets == 1);
}
