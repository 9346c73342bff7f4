// The controller's WebRTC objects against a real weir-worker, driven the way a room server drives
// them for mediasoup-client: two WebRtcTransports, a peer (ICE + DTLS + SRTP, see
// controller_webrtc/webrtc_peer.hpp) on each, connect with the peer's dtlsParameters, produce
// with mediasoup-client-shaped rtpParameters, consume paused then resume, producer pause/resume,
// stats, and the close cascade with its events (producerclose, a router closing).

#include <string>
#include <vector>

#include "controller_test_helpers.hpp"
#include "controller_webrtc/webrtc_peer.hpp"

namespace weir::test {

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const json kMediaCodecs = json::parse(R"([
  {"kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2},
  {"kind": "video", "mimeType": "video/VP8", "clockRate": 90000}])");

constexpr uint32_t kSsrc = 0x0badcafe;

// What mediasoup-client's transport.produce() hands to the "produce" event for a VP8 track
// (trimmed: one codec, no RTX), with the MID header extension it negotiates.
json BrowserVp8Parameters() {
  return json::parse(R"({
    "mid": "0",
    "codecs": [{"mimeType": "video/VP8", "payloadType": 96, "clockRate": 90000, "parameters": {},
                "rtcpFeedback": [{"type": "nack", "parameter": ""},
                                 {"type": "nack", "parameter": "pli"},
                                 {"type": "ccm", "parameter": "fir"}]}],
    "headerExtensions": [{"uri": "urn:ietf:params:rtp-hdrext:sdes:mid", "id": 1,
                          "encrypt": false, "parameters": {}}],
    "encodings": [{"ssrc": 195939070, "dtx": false}],
    "rtcp": {"cname": "peer-cname", "reducedSize": true}})");
}

// RFC 7741 4.2 descriptor (S=1) and an RFC 6386 9.1 keyframe tag: every packet is a keyframe.
const std::vector<uint8_t> kVp8KeyFrame = {0x10, 0x00, 0x00, 0x00, 0x9d, 0x01, 0x2a,
                                           0x40, 0x01, 0xf0, 0x00, 0x00, 0x00, 0x00};

// One side of a call: a WebRtcTransport, the peer behind it, and what its events said.
struct Side {
  std::shared_ptr<WebRtcTransport> transport;
  WebRtcPeer peer;
  std::vector<IceState> iceStates;
  std::vector<DtlsState> dtlsStates;
  std::optional<TransportTuple> selected;
  std::vector<CloseReason> closes;
};

struct Call {
  TestLoop loop;
  std::shared_ptr<Worker> worker;
  std::shared_ptr<Router> router;
  Side send;
  Side recv;
  uint16_t seq = 1;

  Call() {
    worker = SpawnRunning(loop);
    auto created = Await<std::shared_ptr<Router>>(
        loop, [&](auto cb) { worker->CreateRouter({.mediaCodecs = kMediaCodecs}, std::move(cb)); });
    REQUIRE(created.ok());
    router = *created;
    Open(send);
    Open(recv);
  }

  void Open(Side& side) {
    WebRtcTransportOptions options;
    options.listenInfos.push_back({.protocol = Protocol::kUdp, .ip = "127.0.0.1"});
    auto created = Await<std::shared_ptr<WebRtcTransport>>(
        loop, [&](auto cb) { router->CreateWebRtcTransport(options, std::move(cb)); });
    REQUIRE(created.ok());
    side.transport = *created;
    side.transport->OnIceStateChange([&side](IceState s) { side.iceStates.push_back(s); });
    side.transport->OnDtlsStateChange(
        [&side](DtlsState s, const std::string&) { side.dtlsStates.push_back(s); });
    side.transport->OnIceSelectedTupleChange(
        [&side](const std::optional<TransportTuple>& t) { side.selected = t; });
    side.transport->OnClose([&side](CloseReason r) { side.closes.push_back(r); });
  }

  // mediasoup-client's "connect" event: the peer's dtlsParameters; then ICE and DTLS run.
  void Connect(Side& side) {
    auto answer = Await<json>(loop, [&](auto cb) {
      side.transport->Connect({{"dtlsParameters", side.peer.dtlsParameters()}}, std::move(cb));
    });
    REQUIRE(answer.ok());
    CHECK((*answer)["dtlsLocalRole"] == "server");
    CHECK(side.transport->dtlsParameters()["role"] == "server");
    REQUIRE(side.peer.Start(side.transport->iceParameters(), side.transport->iceCandidates(),
                            side.transport->dtlsParameters()));
    REQUIRE(RunPeers([&] {
      return side.peer.srtpReady() && side.transport->dtlsState() == DtlsState::kConnected;
    }));
  }

  bool RunPeers(const std::function<bool()>& done, std::chrono::milliseconds timeout = 5s) {
    return loop.RunUntil(
        [&] {
          send.peer.Pump();
          recv.peer.Pump();
          return done();
        },
        timeout);
  }

  void SendVideo(int count) {
    for (int i = 0; i < count; ++i, ++seq)
      CHECK(send.peer.SendRtp(RtpPacket(96, seq, seq * 3000u, kSsrc, kVp8KeyFrame)));
  }

  bool Received(size_t count, std::chrono::milliseconds timeout = 3s) {
    return RunPeers([&] { return recv.peer.rtp().size() >= count; }, timeout);
  }
};

json Parameters() {
  json parameters = BrowserVp8Parameters();
  parameters["encodings"][0]["ssrc"] = kSsrc;
  return parameters;
}

}  // namespace

TEST_CASE("webrtc: connect, produce, consume paused, resume, pause events, stats, close cascade") {
  Call call;
  call.Connect(call.send);
  call.Connect(call.recv);
  for (Side* side : {&call.send, &call.recv}) {
    // ICE-lite: the nominating check completes ICE at once (RFC 8445 7.3.1.5).
    CHECK(side->iceStates == std::vector<IceState>{IceState::kCompleted});
    CHECK(side->transport->iceState() == IceState::kCompleted);
    CHECK(side->dtlsStates ==
          std::vector<DtlsState>{DtlsState::kConnecting, DtlsState::kConnected});
    REQUIRE(side->selected.has_value());
    CHECK(side->selected->remotePort == side->peer.port());
    CHECK(side->transport->iceSelectedTuple() == side->selected);
  }

  auto produced = Await<std::shared_ptr<Producer>>(call.loop, [&](auto cb) {
    call.send.transport->Produce({.kind = MediaKind::kVideo, .rtpParameters = Parameters()},
                                 std::move(cb));
  });
  REQUIRE(produced.ok());
  std::shared_ptr<Producer> producer = *produced;
  CHECK(producer->mediaKind() == MediaKind::kVideo);
  CHECK(producer->type() == ProducerType::kSimple);
  CHECK(producer->consumableRtpParameters()["encodings"][0]["ssrc"].is_number());
  CHECK(call.send.transport->producer(producer->id()) == producer);

  auto can = Await<bool>(call.loop, [&](auto cb) {
    call.router->CanConsume(producer->id(), call.router->rtpCapabilities(), std::move(cb));
  });
  REQUIRE(can.ok());
  CHECK(*can);
  json audioOnly = call.router->rtpCapabilities();
  audioOnly["codecs"] = json::array({call.router->rtpCapabilities()["codecs"][0]});
  REQUIRE(audioOnly["codecs"][0]["kind"] == "audio");
  can = Await<bool>(call.loop, [&](auto cb) {
    call.router->CanConsume(producer->id(), audioOnly, std::move(cb));
  });
  REQUIRE(can.ok());
  CHECK_FALSE(*can);

  auto consumed = Await<std::shared_ptr<Consumer>>(call.loop, [&](auto cb) {
    call.recv.transport->Consume({.producerId = producer->id(),
                                  .rtpCapabilities = call.router->rtpCapabilities(),
                                  .paused = true},
                                 std::move(cb));
  });
  REQUIRE(consumed.ok());
  std::shared_ptr<Consumer> consumer = *consumed;
  CHECK(consumer->mediaKind() == MediaKind::kVideo);
  CHECK(consumer->type() == ConsumerType::kSimple);
  CHECK(consumer->paused());
  CHECK_FALSE(consumer->producerPaused());
  CHECK(consumer->producerId() == producer->id());
  const json& parameters = consumer->rtpParameters();
  REQUIRE(parameters["codecs"].size() >= 1);
  CHECK(parameters["codecs"][0]["mimeType"] == "video/VP8");
  uint8_t payloadType = parameters["codecs"][0]["payloadType"].get<uint8_t>();
  uint32_t ssrc = parameters["encodings"][0]["ssrc"].get<uint32_t>();

  // Paused: nothing reaches the receiving peer. Resumed: SRTP with the consumer's PT and SSRC.
  call.SendVideo(5);
  CHECK_FALSE(call.Received(1, 300ms));
  REQUIRE(AwaitStatus(call.loop, [&](auto cb) { consumer->Resume(std::move(cb)); }).ok());
  CHECK_FALSE(consumer->paused());
  call.SendVideo(5);
  REQUIRE(call.Received(5));
  for (const std::vector<uint8_t>& rtp : call.recv.peer.rtp()) {
    CHECK((rtp[1] & 0x7f) == payloadType);
    CHECK(base::LoadBe32(&rtp[8]) == ssrc);
  }

  json producerStats = *Await<json>(call.loop, [&](auto cb) { producer->GetStats(std::move(cb)); });
  CHECK(producerStats["stats"][0]["packetCount"].get<uint64_t>() >= 10);
  json consumerStats = *Await<json>(call.loop, [&](auto cb) { consumer->GetStats(std::move(cb)); });
  CHECK(consumerStats["stats"][0]["packetCount"].get<uint64_t>() >= 5);
  json transportStats =
      *Await<json>(call.loop, [&](auto cb) { call.send.transport->GetStats(std::move(cb)); });
  CHECK(transportStats["rtpPacketsReceived"].get<uint64_t>() >= 10);

  // The producer pauses: the consumer hears of it and forwards nothing; then it resumes.
  int pauses = 0;
  int resumes = 0;
  consumer->OnProducerPause([&] { ++pauses; });
  consumer->OnProducerResume([&] { ++resumes; });
  REQUIRE(AwaitStatus(call.loop, [&](auto cb) { producer->Pause(std::move(cb)); }).ok());
  CHECK(producer->paused());
  REQUIRE(call.loop.RunUntil([&] { return pauses == 1; }));
  CHECK(consumer->producerPaused());
  call.recv.peer.ClearRtp();
  call.SendVideo(5);
  CHECK_FALSE(call.Received(1, 300ms));
  REQUIRE(AwaitStatus(call.loop, [&](auto cb) { producer->Resume(std::move(cb)); }).ok());
  REQUIRE(call.loop.RunUntil([&] { return resumes == 1; }));
  CHECK_FALSE(consumer->producerPaused());
  call.SendVideo(5);
  CHECK(call.Received(5));

  // The producer closes: the consumer's "producerclose", then it closes (kProducerClosed).
  std::vector<std::string> events;
  consumer->OnProducerClose([&] { events.push_back("producerclose"); });
  consumer->OnClose([&](CloseReason r) { events.push_back(std::string(CloseReasonName(r))); });
  REQUIRE(AwaitStatus(call.loop, [&](auto cb) { producer->Close(std::move(cb)); }).ok());
  CHECK(producer->closed());
  REQUIRE(call.loop.RunUntil([&] { return consumer->closed(); }));
  CHECK(events == std::vector<std::string>{"producerclose", "producer closed"});
  CHECK(call.recv.transport->consumers().empty());
  auto late = AwaitStatus(call.loop, [&](auto cb) { consumer->Resume(std::move(cb)); });
  CHECK(late.code() == absl::StatusCode::kFailedPrecondition);

  // The router closes: its transports close, and with them their producers and consumers (the
  // application's "transportclose"), all with kParentClosed.
  auto again = Await<std::shared_ptr<Producer>>(call.loop, [&](auto cb) {
    call.send.transport->Produce({.kind = MediaKind::kVideo, .rtpParameters = Parameters()},
                                 std::move(cb));
  });
  REQUIRE(again.ok());
  auto view = Await<std::shared_ptr<Consumer>>(call.loop, [&](auto cb) {
    call.recv.transport->Consume(
        {.producerId = (*again)->id(), .rtpCapabilities = call.router->rtpCapabilities()},
        std::move(cb));
  });
  REQUIRE(view.ok());
  std::vector<std::string> order;
  (*again)->OnClose([&](CloseReason r) {
    CHECK(r == CloseReason::kParentClosed);
    order.push_back("producer");
  });
  (*view)->OnClose([&](CloseReason r) {
    CHECK(r == CloseReason::kParentClosed);
    order.push_back("consumer");
  });
  call.router->OnClose([&](CloseReason r) {
    CHECK(r == CloseReason::kClosed);
    order.push_back("router");
  });
  REQUIRE(AwaitStatus(call.loop, [&](auto cb) { call.router->Close(std::move(cb)); }).ok());
  CHECK(call.send.closes == std::vector<CloseReason>{CloseReason::kParentClosed});
  CHECK(call.recv.closes == std::vector<CloseReason>{CloseReason::kParentClosed});
  // Children before parents: each transport's child before the router.
  REQUIRE(order.size() == 3);
  CHECK(order.back() == "router");
  CHECK(call.worker->routers().empty());
  json dump = *Await<json>(call.loop, [&](auto cb) { call.worker->Dump(std::move(cb)); });
  CHECK(dump["routerIds"].empty());
}

TEST_CASE("webrtc: listen options reach the candidates (announcedAddress, enableTcp, preferUdp)") {
  TestLoop loop;
  auto worker = SpawnRunning(loop);
  auto router = *Await<std::shared_ptr<Router>>(
      loop, [&](auto cb) { worker->CreateRouter({.mediaCodecs = kMediaCodecs}, std::move(cb)); });
  WebRtcTransportOptions options;
  options.listenInfos.push_back(
      {.protocol = Protocol::kUdp, .ip = "127.0.0.1", .announcedAddress = "203.0.113.7"});
  options.listenInfos.push_back({.protocol = Protocol::kTcp, .ip = "127.0.0.1"});
  options.preferUdp = true;
  auto both = Await<std::shared_ptr<WebRtcTransport>>(
      loop, [&](auto cb) { router->CreateWebRtcTransport(options, std::move(cb)); });
  REQUIRE(both.ok());
  const json& candidates = (*both)->iceCandidates();
  REQUIRE(candidates.size() == 2);
  CHECK(candidates[0]["protocol"] == "udp");
  CHECK(candidates[0]["address"] == "203.0.113.7");
  CHECK(candidates[1]["protocol"] == "tcp");
  CHECK(candidates[1]["address"] == "127.0.0.1");
  CHECK(candidates[0]["priority"].get<uint32_t>() > candidates[1]["priority"].get<uint32_t>());

  options.enableTcp = false;
  auto udpOnly = Await<std::shared_ptr<WebRtcTransport>>(
      loop, [&](auto cb) { router->CreateWebRtcTransport(options, std::move(cb)); });
  REQUIRE(udpOnly.ok());
  REQUIRE((*udpOnly)->iceCandidates().size() == 1);
  CHECK((*udpOnly)->iceCandidates()[0]["protocol"] == "udp");
  CHECK(router->transports().size() == 2);

  // A transport id already in use is the worker's InvalidStateError.
  options.transportId = (*udpOnly)->id();
  auto duplicate = Await<std::shared_ptr<WebRtcTransport>>(
      loop, [&](auto cb) { router->CreateWebRtcTransport(options, std::move(cb)); });
  CHECK(duplicate.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(router->transports().size() == 2);
}

}  // namespace weir::test
