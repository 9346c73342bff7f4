// The controller's typed objects against a real weir-worker: a router with VP8 and Opus, RTP
// through two PlainTransports (a comedia producer fed from a UDP socket here, a consumer sending
// to another), stats and dumps, pause/resume, the closing rules (producerclose, transport close,
// WebRtcServer close, SIGKILL), and the mediasoup-client documents of a WebRtcTransport.

#include <signal.h>

#include <set>
#include <type_traits>

#include "controller_test_helpers.hpp"

namespace weir::test {

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const json kMediaCodecs = json::parse(R"([
  {"kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2},
  {"kind": "video", "mimeType": "video/VP8", "clockRate": 90000}])");

constexpr uint8_t kVp8PayloadType = 96;
constexpr uint32_t kVideoSsrc = 0x11223344;

json Vp8Parameters(uint32_t ssrc) {
  return {{"codecs",
           {{{"mimeType", "video/VP8"},
             {"payloadType", kVp8PayloadType},
             {"clockRate", 90000},
             {"rtcpFeedback", {{{"type", "nack"}}, {{"type", "nack"}, {"parameter", "pli"}}}}}}},
          {"encodings", {{{"ssrc", ssrc}}}},
          {"rtcp", {{"cname", "weir-test"}}}};
}

json OpusParameters(uint32_t ssrc) {
  return {
      {"codecs",
       {{{"mimeType", "audio/opus"}, {"payloadType", 111}, {"clockRate", 48000}, {"channels", 2}}}},
      {"encodings", {{{"ssrc", ssrc}}}}};
}

// A VP8 keyframe's first packet (RFC 7741 4.2 descriptor with S=1; RFC 6386 9.1 frame tag with
// P=0, start code, 320x240): every packet is a keyframe, so a consumer never waits for one.
const std::vector<uint8_t> kVp8KeyFrame = {0x10, 0x00, 0x00, 0x00, 0x9d, 0x01, 0x2a,
                                           0x40, 0x01, 0xf0, 0x00, 0x00, 0x00, 0x00};

struct Room {
  TestLoop loop;
  std::shared_ptr<Worker> worker;
  std::shared_ptr<Router> router;
  std::shared_ptr<PlainTransport> send;  // comedia: learns the remote from our first packet
  std::shared_ptr<PlainTransport> recv;  // connected to `receiver`
  UdpSocket sender;
  UdpSocket receiver;
  uint16_t seq = 1000;

  Room() {
    worker = SpawnRunning(loop);
    auto created = Await<std::shared_ptr<Router>>(
        loop, [&](auto cb) { worker->CreateRouter({.mediaCodecs = kMediaCodecs}, std::move(cb)); });
    REQUIRE(created.ok());
    router = *created;
    send = Plain(true);
    recv = Plain(false);
    auto connected = Await<json>(loop, [&](auto cb) {
      recv->Connect({{"ip", "127.0.0.1"}, {"port", receiver.port()}}, std::move(cb));
    });
    REQUIRE(connected.ok());
    CHECK(recv->tuple().remotePort == receiver.port());
  }

  std::shared_ptr<PlainTransport> Plain(bool comedia) {
    PlainTransportOptions options;
    options.listenInfo.ip = "127.0.0.1";
    options.comedia = comedia;
    auto t = Await<std::shared_ptr<PlainTransport>>(
        loop, [&](auto cb) { router->CreatePlainTransport(options, std::move(cb)); });
    REQUIRE(t.ok());
    return *t;
  }

  std::shared_ptr<Producer> Produce(Transport& transport, MediaKind kind, json parameters) {
    auto p = Await<std::shared_ptr<Producer>>(loop, [&](auto cb) {
      transport.Produce({.kind = kind, .rtpParameters = std::move(parameters)}, std::move(cb));
    });
    REQUIRE(p.ok());
    return *p;
  }

  std::shared_ptr<Consumer> Consume(Transport& transport, const Producer& producer) {
    auto c = Await<std::shared_ptr<Consumer>>(loop, [&](auto cb) {
      transport.Consume({.producerId = producer.id(), .rtpCapabilities = router->rtpCapabilities()},
                        std::move(cb));
    });
    REQUIRE(c.ok());
    return *c;
  }

  void SendVideo(int count) {
    for (int i = 0; i < count; ++i, ++seq) {
      sender.SendTo(send->tuple().localPort,
                    RtpPacket(kVp8PayloadType, seq, seq * 3000u, kVideoSsrc, kVp8KeyFrame));
    }
  }

  // Waits until `count` RTP packets have arrived at the receiver (or fails after 5 s).
  bool Receive(size_t count) {
    return loop.RunUntil(
        [&] {
          receiver.Drain();
          return receiver.rtp().size() >= count;
        },
        5s);
  }
};

// `object` does not take part in deduction: a PlainTransport is dumped by &Transport::Dump.
template <typename T>
json AwaitJson(TestLoop& loop, std::type_identity_t<T>& object, void (T::*method)(Callback<json>)) {
  auto result = Await<json>(loop, [&](auto cb) { (object.*method)(std::move(cb)); });
  REQUIRE(result.ok());
  return *result;
}

}  // namespace

TEST_CASE("plain transports: RTP from a comedia producer reaches a consumer; stats, pause") {
  Room room;
  auto producer = room.Produce(*room.send, MediaKind::kVideo, Vp8Parameters(kVideoSsrc));
  CHECK(producer->type() == ProducerType::kSimple);
  CHECK(producer->rtpParameters()["encodings"][0]["ssrc"] == kVideoSsrc);
  auto consumer = room.Consume(*room.recv, *producer);
  CHECK(consumer->mediaKind() == MediaKind::kVideo);
  CHECK(consumer->producerId() == producer->id());
  const json& sent = consumer->rtpParameters();
  REQUIRE(sent["codecs"].size() >= 1);
  uint8_t consumerPt = sent["codecs"][0]["payloadType"].get<uint8_t>();
  uint32_t consumerSsrc = sent["encodings"][0]["ssrc"].get<uint32_t>();
  CHECK(sent["codecs"][0]["mimeType"] == "video/VP8");

  std::optional<TransportTuple> learnt;
  room.send->OnTuple([&](const TransportTuple& tuple) { learnt = tuple; });
  room.SendVideo(5);
  REQUIRE(room.Receive(5));
  for (const ReceivedRtp& rtp : room.receiver.rtp()) {
    CHECK(rtp.payloadType == consumerPt);
    CHECK(rtp.ssrc == consumerSsrc);
  }
  REQUIRE(learnt.has_value());  // comedia's transport.tuple, typed
  CHECK(learnt->remotePort == room.sender.port());
  CHECK(room.send->tuple().remotePort == room.sender.port());

  json producerStats = AwaitJson(room.loop, *producer, &Producer::GetStats);
  CHECK(producerStats["stats"][0]["packetCount"].get<uint64_t>() >= 5);
  CHECK(producerStats["stats"][0]["ssrc"] == kVideoSsrc);
  json consumerStats = AwaitJson(room.loop, *consumer, &Consumer::GetStats);
  CHECK(consumerStats["stats"][0]["packetCount"].get<uint64_t>() >= 5);
  json transportStats = AwaitJson(room.loop, *room.send, &Transport::GetStats);
  CHECK(transportStats["rtpPacketsReceived"].get<uint64_t>() >= 5);
  json transportDump = AwaitJson(room.loop, *room.send, &Transport::Dump);
  CHECK(transportDump["producerIds"] == json{producer->id()});
  json routerDump = AwaitJson(room.loop, *room.router, &Router::Dump);
  CHECK(routerDump["mapProducerIdConsumerIds"][0]["values"] == json{consumer->id()});
  json consumerDump = AwaitJson(room.loop, *consumer, &Consumer::Dump);
  CHECK(consumerDump["producerId"] == producer->id());

  // A paused consumer forwards nothing; resumed, it forwards again.
  REQUIRE(AwaitStatus(room.loop, [&](auto cb) { consumer->Pause(std::move(cb)); }).ok());
  CHECK(consumer->paused());
  room.receiver.rtp().clear();
  room.SendVideo(5);
  CHECK_FALSE(room.Receive(1));
  REQUIRE(AwaitStatus(room.loop, [&](auto cb) { consumer->Resume(std::move(cb)); }).ok());
  CHECK_FALSE(consumer->paused());
  room.SendVideo(5);
  CHECK(room.Receive(5));

  // A paused producer: its consumers hear of it (typed events) and forward nothing.
  int pauses = 0;
  int resumes = 0;
  consumer->OnProducerPause([&] { ++pauses; });
  consumer->OnProducerResume([&] { ++resumes; });
  REQUIRE(AwaitStatus(room.loop, [&](auto cb) { producer->Pause(std::move(cb)); }).ok());
  CHECK(producer->paused());
  REQUIRE(room.loop.RunUntil([&] { return pauses == 1; }));
  CHECK(consumer->producerPaused());
  REQUIRE(AwaitStatus(room.loop, [&](auto cb) { producer->Resume(std::move(cb)); }).ok());
  REQUIRE(room.loop.RunUntil([&] { return resumes == 1; }));
  CHECK_FALSE(consumer->producerPaused());

  auto can = Await<bool>(room.loop, [&](auto cb) {
    room.router->CanConsume(producer->id(), room.router->rtpCapabilities(), std::move(cb));
  });
  REQUIRE(can.ok());
  CHECK(*can);
  // A producer the router does not have cannot be consumed (the worker answers false).
  auto missing = Await<bool>(room.loop, [&](auto cb) {
    room.router->CanConsume("no-such-producer", room.router->rtpCapabilities(), std::move(cb));
  });
  REQUIRE(missing.ok());
  CHECK_FALSE(*missing);
}

TEST_CASE("closing: producerclose closes the consumer object; a transport its producers") {
  Room room;
  auto video = room.Produce(*room.send, MediaKind::kVideo, Vp8Parameters(kVideoSsrc));
  auto videoConsumer = room.Consume(*room.recv, *video);
  std::vector<std::string> events;
  videoConsumer->OnProducerClose([&] { events.push_back("producerclose"); });
  videoConsumer->OnClose([&](CloseReason r) { events.push_back(std::string(CloseReasonName(r))); });
  REQUIRE(AwaitStatus(room.loop, [&](auto cb) { video->Close(std::move(cb)); }).ok());
  REQUIRE(room.loop.RunUntil([&] { return videoConsumer->closed(); }));
  CHECK(events == std::vector<std::string>{"producerclose", "producer closed"});
  CHECK(room.recv->consumers().empty());
  CHECK(room.send->producers().empty());
  json dump = AwaitJson(room.loop, *room.recv, &Transport::Dump);
  CHECK(dump["consumerIds"].empty());

  // Closing the sending transport: its producer closes with it (kParentClosed), and the worker's
  // producerclose closes the consumer on the other transport (kProducerClosed).
  auto audio = room.Produce(*room.send, MediaKind::kAudio, OpusParameters(0x5555));
  auto audioConsumer = room.Consume(*room.recv, *audio);
  // Objects the application no longer points to still close (their parent holds them).
  std::weak_ptr<Consumer> weakConsumer = audioConsumer;
  std::vector<CloseReason> reasons;
  audio->OnClose([&](CloseReason r) { reasons.push_back(r); });
  audioConsumer->OnClose([&](CloseReason r) { reasons.push_back(r); });
  audioConsumer.reset();
  audio.reset();
  REQUIRE(AwaitStatus(room.loop, [&](auto cb) { room.send->Close(std::move(cb)); }).ok());
  REQUIRE(room.loop.RunUntil([&] { return reasons.size() == 2; }));
  CHECK(reasons ==
        std::vector<CloseReason>{CloseReason::kParentClosed, CloseReason::kProducerClosed});
  CHECK(weakConsumer.expired());
  CHECK(room.router->transports().size() == 1);

  // Closing the receiving transport closes its own producers and consumers.
  auto local = room.Produce(*room.recv, MediaKind::kAudio, OpusParameters(0x6666));
  auto loopback = room.Consume(*room.recv, *local);
  REQUIRE(AwaitStatus(room.loop, [&](auto cb) { room.recv->Close(std::move(cb)); }).ok());
  CHECK(local->closed());
  CHECK(loopback->closed());
  json routerDump = AwaitJson(room.loop, *room.router, &Router::Dump);
  CHECK(routerDump["transportIds"].empty());
  CHECK(routerDump["mapProducerIdConsumerIds"].empty());
}

TEST_CASE("webrtc transport: mediasoup-client shapes of its parameters; restartIce") {
  TestLoop loop;
  auto worker = SpawnRunning(loop);
  auto router = *Await<std::shared_ptr<Router>>(
      loop, [&](auto cb) { worker->CreateRouter({.mediaCodecs = kMediaCodecs}, std::move(cb)); });
  WebRtcTransportOptions options;
  options.listenInfos.push_back({.protocol = Protocol::kUdp, .ip = "127.0.0.1"});
  options.listenInfos.push_back({.protocol = Protocol::kTcp, .ip = "127.0.0.1"});
  auto created = Await<std::shared_ptr<WebRtcTransport>>(
      loop, [&](auto cb) { router->CreateWebRtcTransport(options, std::move(cb)); });
  REQUIRE(created.ok());
  std::shared_ptr<WebRtcTransport> transport = *created;
  const json ice = transport->iceParameters();  // a copy: RestartIce() replaces it
  CHECK(ice["usernameFragment"].is_string());
  CHECK(ice["password"].get<std::string>().size() >= 22);  // RFC 8445 5.3: 128 bits
  CHECK(ice["iceLite"] == true);
  REQUIRE(transport->iceCandidates().size() == 2);
  std::set<std::string> protocols;
  for (const json& candidate : transport->iceCandidates()) {
    for (const char* key : {"foundation", "priority", "address", "ip", "protocol", "port", "type"})
      CHECK_MESSAGE(candidate.contains(key), key);
    CHECK(candidate["address"] == "127.0.0.1");
    CHECK(candidate["type"] == "host");
    std::string protocol = candidate["protocol"];
    protocols.insert(protocol);
    CHECK(candidate.contains("tcpType") == (protocol == "tcp"));
    if (protocol == "tcp") CHECK(candidate["tcpType"] == "passive");
  }
  CHECK(protocols == std::set<std::string>{"udp", "tcp"});
  const json& dtls = transport->dtlsParameters();
  CHECK(dtls["role"] == "auto");
  REQUIRE(dtls["fingerprints"].is_array());
  CHECK(dtls["fingerprints"][0]["algorithm"].is_string());
  CHECK(dtls["fingerprints"][0]["value"].get<std::string>().find(':') != std::string::npos);
  CHECK(transport->iceRole() == "controlled");
  CHECK(transport->iceState() == IceState::kNew);
  CHECK(transport->dtlsState() == DtlsState::kNew);

  auto restarted = Await<json>(loop, [&](auto cb) { transport->RestartIce(std::move(cb)); });
  REQUIRE(restarted.ok());
  CHECK((*restarted)["usernameFragment"] != ice["usernameFragment"]);
  CHECK(transport->iceParameters() == *restarted);
  json dump = AwaitJson(loop, *transport, &Transport::Dump);
  CHECK(dump["webRtc"]["iceParameters"] == *restarted);
}

TEST_CASE("webrtc server: its transports, on two routers, close with it") {
  TestLoop loop;
  auto worker = SpawnRunning(loop);
  uint16_t port = FreeUdpPort();
  WebRtcServerOptions serverOptions;
  serverOptions.listenInfos.push_back(
      {.protocol = Protocol::kUdp, .ip = "127.0.0.1", .port = port});
  auto server = Await<std::shared_ptr<WebRtcServer>>(
      loop, [&](auto cb) { worker->CreateWebRtcServer(serverOptions, std::move(cb)); });
  REQUIRE(server.ok());
  std::vector<std::shared_ptr<WebRtcTransport>> transports;
  std::vector<CloseReason> reasons;
  for (int i = 0; i < 2; ++i) {
    auto router = *Await<std::shared_ptr<Router>>(
        loop, [&](auto cb) { worker->CreateRouter({}, std::move(cb)); });
    auto transport = Await<std::shared_ptr<WebRtcTransport>>(loop, [&](auto cb) {
      router->CreateWebRtcTransport({.webRtcServer = *server}, std::move(cb));
    });
    REQUIRE(transport.ok());
    CHECK((*transport)->iceCandidates()[0]["port"] == port);
    (*transport)->OnClose([&](CloseReason r) { reasons.push_back(r); });
    transports.push_back(*transport);
  }
  CHECK((*server)->webRtcTransports().size() == 2);
  json dump = AwaitJson(loop, **server, &WebRtcServer::Dump);
  CHECK(dump["webRtcTransportIds"].size() == 2);

  REQUIRE(AwaitStatus(loop, [&](auto cb) { (*server)->Close(std::move(cb)); }).ok());
  CHECK(reasons == std::vector<CloseReason>(2, CloseReason::kWebRtcServerClosed));
  for (const auto& router : worker->routers()) {
    CHECK(router->transports().empty());
    json routerDump = AwaitJson(loop, *router, &Router::Dump);
    CHECK(routerDump["transportIds"].empty());
  }
  json workerDump = AwaitJson(loop, *worker, &Worker::Dump);
  CHECK(workerDump["webRtcServerIds"].empty());
}

TEST_CASE("a worker killed with SIGKILL closes every object with kWorkerDied") {
  Room room;
  auto producer = room.Produce(*room.send, MediaKind::kVideo, Vp8Parameters(kVideoSsrc));
  auto consumer = room.Consume(*room.recv, *producer);
  WebRtcServerOptions serverOptions;
  serverOptions.listenInfos.push_back({.ip = "127.0.0.1", .port = FreeUdpPort()});
  auto server = *Await<std::shared_ptr<WebRtcServer>>(
      room.loop, [&](auto cb) { room.worker->CreateWebRtcServer(serverOptions, std::move(cb)); });
  auto webRtc = *Await<std::shared_ptr<WebRtcTransport>>(room.loop, [&](auto cb) {
    room.router->CreateWebRtcTransport({.webRtcServer = server}, std::move(cb));
  });
  std::vector<ChannelObject*> objects = {room.router.get(), room.send.get(), room.recv.get(),
                                         producer.get(),    consumer.get(),  server.get(),
                                         webRtc.get()};
  std::vector<CloseReason> reasons;
  for (ChannelObject* object : objects)
    object->OnClose([&](CloseReason r) { reasons.push_back(r); });
  REQUIRE(::kill(room.worker->pid(), SIGKILL) == 0);
  REQUIRE(room.loop.RunUntil([&] { return room.worker->exit().has_value(); }));
  CHECK(reasons == std::vector<CloseReason>(objects.size(), CloseReason::kWorkerDied));
  for (ChannelObject* object : objects)
    CHECK(object->closed());
  auto stats = Await<json>(room.loop, [&](auto cb) { consumer->GetStats(std::move(cb)); });
  CHECK(stats.status().code() == absl::StatusCode::kUnavailable);
}

}  // namespace weir::test
