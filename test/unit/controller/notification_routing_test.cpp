// Notifications reach the object they are for: by handlerId, and among objects that share an id
// (a Producer and a Consumer may, ids being unique per kind in the worker), by the event's kind.

#include "doctest/doctest.h"
#include "fake_worker.hpp"

namespace weir::test {

namespace {

using nlohmann::json;

const json kParameters = {
    {"codecs",
     {{{"mimeType", "audio/opus"}, {"payloadType", 100}, {"clockRate", 48000}, {"channels", 2}}}},
    {"encodings", {{{"ssrc", 1111}}}},
};

struct Objects {
  FakeWorker fake;
  std::shared_ptr<Router> router;
  std::shared_ptr<PlainTransport> transport;
  std::shared_ptr<Producer> producer;
  std::shared_ptr<Consumer> consumer;

  // A router "x", a transport "x", a producer "x" and a consumer "x": one id for all four.
  Objects() {
    Result<std::shared_ptr<Router>> r;
    fake.worker().CreateRouter({.routerId = "x"}, r.Bind());
    fake.Accept(fake.Expect("worker.createRouter"), {{"rtpCapabilities", json::object()}});
    REQUIRE(r.value->ok());
    router = **r.value;

    Result<std::shared_ptr<PlainTransport>> t;
    PlainTransportOptions options;
    options.transportId = "x";
    options.listenInfo.ip = "127.0.0.1";
    router->CreatePlainTransport(options, t.Bind());
    fake.Accept(fake.Expect("router.createPlainTransport"),
                {{"id", "x"}, {"kind", "plain"}, {"plain", {{"tuple", {{"localPort", 40000}}}}}});
    REQUIRE(t.value->ok());
    transport = **t.value;

    Result<std::shared_ptr<Producer>> p;
    transport->Produce({.producerId = "x", .rtpParameters = kParameters}, p.Bind());
    fake.Accept(fake.Expect("transport.produce"),
                {{"type", "simple"}, {"rtpParameters", kParameters}});
    REQUIRE(p.value->ok());
    producer = **p.value;

    Result<std::shared_ptr<Consumer>> c;
    transport->Consume({.consumerId = "x", .producerId = "x", .rtpCapabilities = json::object()},
                       c.Bind());
    fake.Accept(fake.Expect("transport.consume"), {{"type", "simple"},
                                                   {"kind", "audio"},
                                                   {"rtpParameters", kParameters},
                                                   {"paused", false},
                                                   {"producerPaused", false}});
    REQUIRE(c.value->ok());
    consumer = **c.value;
  }
};

}  // namespace

TEST_CASE("routing: an event reaches only the object of its kind among those sharing an id") {
  Objects o;
  std::vector<std::string> seen;
  for (ChannelObject* object : std::initializer_list<ChannelObject*>{
           o.router.get(), o.transport.get(), o.producer.get(), o.consumer.get()}) {
    object->OnNotification([&seen, object](const Notification& n) {
      seen.push_back(std::string(object->kind()) + " " + n.event);
    });
  }
  int producerScores = 0;
  int consumerScores = 0;
  o.producer->OnScore([&](const std::vector<ProducerScore>&) { ++producerScores; });
  o.consumer->OnScore([&](const ConsumerScore&) { ++consumerScores; });

  o.fake.Notify("x", "producer.score", {{"scores", json::array({{{"ssrc", 1111}, {"score", 7}}})}});
  CHECK(seen == std::vector<std::string>{"producer producer.score"});
  CHECK(producerScores == 1);
  CHECK(consumerScores == 0);
  REQUIRE(o.producer->score().size() == 1);
  CHECK(o.producer->score()[0].score == 7);

  seen.clear();
  o.fake.Notify("x", "consumer.score", {{"score", {{"score", 4}}}});
  CHECK(seen == std::vector<std::string>{"consumer consumer.score"});
  CHECK(consumerScores == 1);
  CHECK(o.consumer->score().score == 4);

  seen.clear();
  o.fake.Notify("x", "transport.tuple", {{"tuple", {{"localPort", 40000}, {"remotePort", 7}}}});
  CHECK(seen == std::vector<std::string>{"plainTransport transport.tuple"});
  CHECK(o.transport->tuple().remotePort == 7);

  // consumer.producerclose closes the consumer only; the producer of the same id stays open.
  seen.clear();
  o.fake.Notify("x", "consumer.producerclose");
  CHECK(seen == std::vector<std::string>{"consumer consumer.producerclose"});
  CHECK(o.consumer->closed());
  CHECK_FALSE(o.producer->closed());
  CHECK(o.transport->producer("x") == o.producer);
  CHECK(o.transport->consumer("x") == nullptr);
}

TEST_CASE("routing: events for another id or after close reach nobody") {
  Objects o;
  int seen = 0;
  o.producer->OnNotification([&](const Notification&) { ++seen; });
  o.fake.Notify("y", "producer.score", {{"scores", json::array()}});
  CHECK(seen == 0);
  o.fake.Notify("x", "producer.score", {{"scores", json::array({{{"score", 3}}})}});
  CHECK(seen == 1);

  StatusResult closed;
  o.producer->Close(closed.Bind());
  json request = o.fake.Expect("transport.closeProducer");
  CHECK(request["handlerId"] == "x");
  CHECK(request["body"]["producerId"] == "x");
  o.fake.Accept(request);
  REQUIRE(closed.value.has_value());
  CHECK(closed.value->ok());
  o.fake.Notify("x", "producer.score", {{"scores", json::array({{{"score", 9}}})}});
  CHECK(seen == 1);
  REQUIRE(o.producer->score().size() == 1);
  CHECK(o.producer->score()[0].score == 3);
}

}  // namespace weir::test
