// The controller's Router, PlainTransport, Producer and Consumer objects against a scripted
// worker (no process, no socket): request bodies, state taken from answers and events, and the
// closing rules (transport -> producers/consumers, producerclose, late answers, a dead worker).

#include "doctest/doctest.h"
#include "fake_worker.hpp"

namespace weir::test {

namespace {

using nlohmann::json;

const json kOpusParameters = {
    {"mid", "0"},
    {"codecs",
     {{{"mimeType", "audio/opus"}, {"payloadType", 100}, {"clockRate", 48000}, {"channels", 2}}}},
    {"encodings", {{{"ssrc", 1111}}}},
};

std::shared_ptr<Router> MakeRouter(FakeWorker& fake, const std::string& id = "r1") {
  Result<std::shared_ptr<Router>> router;
  json codecs = {{{"kind", "audio"}, {"mimeType", "audio/opus"}, {"clockRate", 48000}}};
  fake.worker().CreateRouter({.routerId = id, .mediaCodecs = codecs}, router.Bind());
  json request = fake.Expect("worker.createRouter");
  CHECK(request["body"]["routerId"] == id);
  CHECK(request["body"]["mediaCodecs"][0]["mimeType"] == "audio/opus");
  fake.Accept(request, {{"rtpCapabilities", {{"codecs", json::array()}}}});
  REQUIRE(router.value.has_value());
  REQUIRE(router.value->ok());
  return **router.value;
}

json PlainDump(const std::string& id, uint16_t port) {
  return {{"id", id},
          {"kind", "plain"},
          {"plain",
           {{"tuple", {{"localAddress", "127.0.0.1"}, {"localPort", port}, {"protocol", "udp"}}},
            {"rtcpMux", true},
            {"comedia", true}}}};
}

std::shared_ptr<PlainTransport> MakePlain(FakeWorker& fake, Router& router, const std::string& id,
                                          uint16_t port = 40000) {
  Result<std::shared_ptr<PlainTransport>> transport;
  PlainTransportOptions options;
  options.transportId = id;
  options.listenInfo.ip = "127.0.0.1";
  options.comedia = true;
  router.CreatePlainTransport(options, transport.Bind());
  json request = fake.Expect("router.createPlainTransport");
  fake.Accept(request, PlainDump(id, port));
  REQUIRE(transport.value.has_value());
  REQUIRE(transport.value->ok());
  return **transport.value;
}

std::shared_ptr<Producer> MakeProducer(FakeWorker& fake, Transport& transport,
                                       const std::string& id) {
  Result<std::shared_ptr<Producer>> producer;
  transport.Produce({.producerId = id, .kind = MediaKind::kAudio, .rtpParameters = kOpusParameters},
                    producer.Bind());
  json request = fake.Expect("transport.produce");
  fake.Accept(request, {{"type", "simple"},
                        {"rtpParameters", kOpusParameters},
                        {"consumableRtpParameters", kOpusParameters}});
  REQUIRE(producer.value.has_value());
  REQUIRE(producer.value->ok());
  return **producer.value;
}

std::shared_ptr<Consumer> MakeConsumer(FakeWorker& fake, Transport& transport,
                                       const std::string& id, const std::string& producerId) {
  Result<std::shared_ptr<Consumer>> consumer;
  transport.Consume({.consumerId = id, .producerId = producerId, .rtpCapabilities = json::object()},
                    consumer.Bind());
  json request = fake.Expect("transport.consume");
  fake.Accept(request, {{"type", "simple"},
                        {"kind", "audio"},
                        {"rtpParameters", kOpusParameters},
                        {"paused", false},
                        {"producerPaused", true},
                        {"score", {{"score", 10}, {"producerScore", 9}, {"producerScores", {9}}}}});
  REQUIRE(consumer.value.has_value());
  REQUIRE(consumer.value->ok());
  return **consumer.value;
}

}  // namespace

TEST_CASE("router: createRouter sends mediaCodecs, keeps rtpCapabilities; canConsume") {
  FakeWorker fake;
  std::shared_ptr<Router> router = MakeRouter(fake);
  CHECK(router->rtpCapabilities() == json{{"codecs", json::array()}});
  CHECK(fake.worker().router("r1") == router);

  Result<bool> can;
  router->CanConsume("p1", {{"codecs", json::array()}}, can.Bind());
  CHECK_FALSE(can.value.has_value());  // never from inside the call
  json request = fake.Expect("router.canConsume");
  CHECK(request["handlerId"] == "r1");
  CHECK(request["body"]["producerId"] == "p1");
  fake.Accept(request, {{"canConsume", true}});
  REQUIRE(can.value.has_value());
  CHECK(**can.value);

  Result<bool> unknown;
  router->CanConsume("nope", {{"codecs", json::array()}}, unknown.Bind());
  fake.Reject(fake.Expect("router.canConsume"), "NotFoundError", "Producer 'nope' not found");
  REQUIRE(unknown.value.has_value());
  CHECK(unknown.value->status().code() == absl::StatusCode::kNotFound);
}

TEST_CASE("plain transport: request body, tuple from the answer, connect, tuple events") {
  FakeWorker fake;
  std::shared_ptr<Router> router = MakeRouter(fake);
  Result<std::shared_ptr<PlainTransport>> created;
  PlainTransportOptions options;
  options.transportId = "t1";
  options.listenInfo = {.protocol = Protocol::kUdp,
                        .ip = "127.0.0.1",
                        .port = 0,
                        .portRange = PortRange{40000, 40100}};
  options.rtcpMux = false;
  options.enableSrtp = true;
  router->CreatePlainTransport(options, created.Bind());
  json request = fake.Expect("router.createPlainTransport");
  CHECK(request["handlerId"] == "r1");
  CHECK(request["body"]["transportId"] == "t1");
  CHECK(request["body"]["listenInfo"]["portRange"]["min"] == 40000);
  CHECK(request["body"]["rtcpMux"] == false);
  CHECK(request["body"]["enableSrtp"] == true);
  json dump = PlainDump("t1", 40002);
  dump["plain"]["rtcpMux"] = false;
  dump["plain"]["comedia"] = false;
  dump["plain"]["rtcpTuple"] = {{"localAddress", "127.0.0.1"}, {"localPort", 40003}};
  dump["plain"]["srtpParameters"] = {{"cryptoSuite", "AES_CM_128_HMAC_SHA1_80"},
                                     {"keyBase64", "a2V5"}};
  fake.Accept(request, dump);
  REQUIRE(created.value.has_value());
  REQUIRE(created.value->ok());
  std::shared_ptr<PlainTransport> transport = **created.value;
  CHECK(transport->id() == "t1");
  CHECK(transport->routerId() == "r1");
  CHECK(transport->tuple().localPort == 40002);
  CHECK(transport->tuple().remotePort == 0);
  REQUIRE(transport->rtcpTuple().has_value());
  CHECK(transport->rtcpTuple()->localPort == 40003);
  CHECK_FALSE(transport->rtcpMux());
  REQUIRE(transport->srtpParameters().has_value());
  CHECK(transport->srtpParameters()->keyBase64 == "a2V5");
  CHECK(router->transport("t1") == transport);

  Result<json> connected;
  transport->Connect({{"ip", "127.0.0.1"}, {"port", 5004}, {"rtcpPort", 5005}}, connected.Bind());
  request = fake.Expect("transport.connect");
  CHECK(request["handlerId"] == "t1");
  CHECK(request["body"]["port"] == 5004);
  fake.Accept(request, {{"tuple",
                         {{"localAddress", "127.0.0.1"},
                          {"localPort", 40002},
                          {"remoteIp", "127.0.0.1"},
                          {"remotePort", 5004}}}});
  REQUIRE(connected.value.has_value());
  CHECK(connected.value->ok());
  CHECK(transport->tuple().remotePort == 5004);

  std::vector<TransportTuple> tuples;
  transport->OnTuple([&](const TransportTuple& tuple) { tuples.push_back(tuple); });
  transport->OnRtcpTuple([&](const TransportTuple& tuple) { tuples.push_back(tuple); });
  fake.Notify("t1", "transport.tuple",
              {{"tuple", {{"localPort", 40002}, {"remoteIp", "10.0.0.1"}, {"remotePort", 6000}}}});
  fake.Notify("t1", "transport.rtcptuple",
              {{"tuple", {{"localPort", 40003}, {"remoteIp", "10.0.0.1"}, {"remotePort", 6001}}}});
  REQUIRE(tuples.size() == 2);
  CHECK(tuples[0].remotePort == 6000);
  CHECK(transport->tuple().remoteIp == "10.0.0.1");
  CHECK(transport->rtcpTuple()->remotePort == 6001);
}

TEST_CASE("producer and consumer: state from the answers, pause/resume, events") {
  FakeWorker fake;
  std::shared_ptr<Router> router = MakeRouter(fake);
  auto send = MakePlain(fake, *router, "t1");
  auto recv = MakePlain(fake, *router, "t2", 40002);
  auto producer = MakeProducer(fake, *send, "p1");
  CHECK(producer->transportId() == "t1");
  CHECK(producer->mediaKind() == MediaKind::kAudio);
  CHECK(producer->type() == ProducerType::kSimple);
  CHECK(producer->rtpParameters()["codecs"][0]["payloadType"] == 100);
  CHECK_FALSE(producer->paused());
  CHECK(send->producer("p1") == producer);

  StatusResult paused;
  producer->Pause(paused.Bind());
  json request = fake.Expect("producer.pause");
  CHECK(request["handlerId"] == "p1");
  CHECK_FALSE(producer->paused());  // not before the worker accepted
  fake.Accept(request);
  REQUIRE(paused.value.has_value());
  CHECK(paused.value->ok());
  CHECK(producer->paused());
  StatusResult refused;
  producer->Resume(refused.Bind());
  fake.Reject(fake.Expect("producer.resume"), "Error", "no");
  CHECK(refused.value->code() == absl::StatusCode::kInternal);
  CHECK(producer->paused());  // a rejected request changes nothing

  std::vector<ProducerScore> scores;
  producer->OnScore([&](const std::vector<ProducerScore>& s) { scores = s; });
  fake.Notify("p1", "producer.score",
              {{"scores", {{{"encodingIdx", 0}, {"ssrc", 1111}, {"score", 7}}}}});
  REQUIRE(scores.size() == 1);
  CHECK(scores[0].ssrc == 1111);
  CHECK(producer->score()[0].score == 7);

  auto consumer = MakeConsumer(fake, *recv, "c1", "p1");
  CHECK(consumer->producerId() == "p1");
  CHECK(consumer->transportId() == "t2");
  CHECK(consumer->mediaKind() == MediaKind::kAudio);
  CHECK(consumer->producerPaused());
  CHECK(consumer->score() == ConsumerScore{10, 9, {9}});
  CHECK(recv->consumer("c1") == consumer);

  std::vector<std::string> events;
  consumer->OnProducerResume([&] { events.push_back("resume"); });
  consumer->OnProducerPause([&] { events.push_back("pause"); });
  consumer->OnScore(
      [&](const ConsumerScore& s) { events.push_back("score " + std::to_string(s.score)); });
  consumer->OnLayersChange([&](const std::optional<ConsumerLayers>& layers) {
    events.push_back(layers ? "layers " + std::to_string(layers->spatialLayer) : "no layers");
  });
  fake.Notify("c1", "consumer.producerresume");
  CHECK_FALSE(consumer->producerPaused());
  fake.Notify("c1", "consumer.producerpause");
  CHECK(consumer->producerPaused());
  fake.Notify("c1", "consumer.score", {{"score", {{"score", 4}, {"producerScore", 4}}}});
  fake.Notify("c1", "consumer.layerschange",
              {{"layers", {{"spatialLayer", 1}, {"temporalLayer", 2}}}});
  fake.Notify("c1", "consumer.layerschange", json::object());
  CHECK(events == std::vector<std::string>{"resume", "pause", "score 4", "layers 1", "no layers"});
  CHECK_FALSE(consumer->currentLayers().has_value());

  StatusResult keyFrame;
  consumer->RequestKeyFrame(keyFrame.Bind());
  fake.Accept(fake.Expect("consumer.requestKeyFrame"));
  CHECK(keyFrame.value->ok());
  consumer->SetPreferredLayers({.spatialLayer = 2, .temporalLayer = 1});
  request = fake.Expect("consumer.setPreferredLayers");
  CHECK(request["body"]["preferredLayers"]["spatialLayer"] == 2);
  fake.Accept(request);
  CHECK(consumer->preferredLayers() == ConsumerLayers{2, 1});
  consumer->EnableTraceEvent({TraceEventType::kKeyFrame, TraceEventType::kPli}, nullptr);
  request = fake.Expect("consumer.enableTraceEvent");
  CHECK(request["body"]["events"] == json{"keyframe", "pli"});
}

TEST_CASE("producerclose closes the consumer object (kProducerClosed), listeners in order") {
  FakeWorker fake;
  std::shared_ptr<Router> router = MakeRouter(fake);
  auto send = MakePlain(fake, *router, "t1");
  auto recv = MakePlain(fake, *router, "t2", 40002);
  auto producer = MakeProducer(fake, *send, "p1");
  auto consumer = MakeConsumer(fake, *recv, "c1", "p1");
  std::vector<std::string> order;
  consumer->OnProducerClose([&] { order.push_back("producerclose"); });
  consumer->OnClose(
      [&](CloseReason reason) { order.push_back(std::string(CloseReasonName(reason))); });
  consumer->OnNotification([&](const Notification& n) { order.push_back(n.event); });

  // Closing the producer: transport.closeProducer to its transport; the consumer stays open
  // until the worker says it closed it.
  StatusResult closed;
  producer->Close(closed.Bind());
  CHECK(producer->closed());
  CHECK(send->producers().empty());
  json request = fake.Expect("transport.closeProducer");
  CHECK(request["handlerId"] == "t1");
  CHECK(request["body"]["producerId"] == "p1");
  CHECK_FALSE(consumer->closed());
  fake.Notify("c1", "consumer.producerclose");
  fake.Accept(request);
  CHECK(closed.value->ok());
  CHECK(consumer->closed());
  CHECK(order ==
        std::vector<std::string>{"producerclose", "producer closed", "consumer.producerclose"});
  CHECK(recv->consumers().empty());
  CHECK_FALSE(recv->closed());

  Result<json> dump;
  consumer->Dump(dump.Bind());
  CHECK(fake.Pending() == 0);  // nothing sent for a closed object
  REQUIRE(dump.value.has_value());
  CHECK(dump.value->status().code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("closing a transport closes its producers and consumers here (kParentClosed)") {
  FakeWorker fake;
  std::shared_ptr<Router> router = MakeRouter(fake);
  auto transport = MakePlain(fake, *router, "t1");
  auto producer = MakeProducer(fake, *transport, "p1");
  // A consumer may share a producer's id (the worker keeps them apart): both stay addressable.
  auto consumer = MakeConsumer(fake, *transport, "p1", "p1");
  CHECK(transport->producer("p1") == producer);
  CHECK(transport->consumer("p1") == consumer);
  std::vector<CloseReason> reasons;
  producer->OnClose([&](CloseReason r) { reasons.push_back(r); });
  consumer->OnClose([&](CloseReason r) { reasons.push_back(r); });
  transport->OnClose([&](CloseReason r) { reasons.push_back(r); });
  // Dropping the application's pointers closes nothing: the transport holds them.
  std::weak_ptr<Producer> weakProducer = producer;
  producer.reset();
  consumer.reset();
  REQUIRE_FALSE(weakProducer.expired());

  transport->Close();
  json request = fake.Expect("router.closeTransport");
  CHECK(request["handlerId"] == "r1");
  CHECK(request["body"]["transportId"] == "t1");
  CHECK(reasons == std::vector<CloseReason>{CloseReason::kParentClosed, CloseReason::kParentClosed,
                                            CloseReason::kClosed});
  CHECK(weakProducer.expired());
  CHECK(router->transports().empty());
  fake.Accept(request);
  // Closing it again does nothing but answer OK.
  StatusResult again;
  transport->Close(again.Bind());
  CHECK(fake.Pending() == 0);
  fake.Run();
  CHECK(again.value->ok());
}

TEST_CASE("an answer that arrives after the parent closed gives no object") {
  FakeWorker fake;
  std::shared_ptr<Router> router = MakeRouter(fake);
  auto transport = MakePlain(fake, *router, "t1");
  Result<std::shared_ptr<Producer>> producer;
  transport->Produce(
      {.producerId = "p1", .kind = MediaKind::kAudio, .rtpParameters = kOpusParameters},
      producer.Bind());
  router->Close();
  json produce = fake.Expect("transport.produce");
  json close = fake.Expect("worker.closeRouter");
  fake.Accept(produce, {{"type", "simple"}, {"rtpParameters", kOpusParameters}});
  fake.Accept(close);
  REQUIRE(producer.value.has_value());
  CHECK(producer.value->status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(transport->closed());
  CHECK(transport->producers().empty());

  // Creating on a closed object fails from the loop, without a request.
  Result<std::shared_ptr<PlainTransport>> late;
  router->CreatePlainTransport({}, late.Bind());
  CHECK_FALSE(late.value.has_value());
  CHECK(fake.Pending() == 0);
  fake.Run();
  REQUIRE(late.value.has_value());
  CHECK(late.value->status().code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("a dead worker closes every object with kWorkerDied; requests fail Unavailable") {
  FakeWorker fake;
  std::shared_ptr<Router> router = MakeRouter(fake);
  auto transport = MakePlain(fake, *router, "t1");
  auto producer = MakeProducer(fake, *transport, "p1");
  auto consumer = MakeConsumer(fake, *transport, "c1", "p1");
  std::vector<std::string> closed;
  for (ChannelObject* object :
       std::vector<ChannelObject*>{router.get(), transport.get(), producer.get(), consumer.get()}) {
    object->OnClose([&closed, object](CloseReason reason) {
      CHECK(reason == CloseReason::kWorkerDied);
      closed.push_back(std::string(object->kind()));
    });
  }
  Result<json> pending;
  producer->GetStats(pending.Bind());
  fake.Exit(0, 9);
  REQUIRE(pending.value.has_value());
  CHECK(pending.value->status().code() == absl::StatusCode::kUnavailable);
  CHECK(closed.size() == 4);
  CHECK(closed.back() == "router");  // children first
  Result<json> later;
  consumer->Dump(later.Bind());
  fake.Run();
  CHECK(later.value->status().code() == absl::StatusCode::kUnavailable);
}

}  // namespace weir::test
