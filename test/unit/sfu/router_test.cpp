// Router scenarios: closing cascades (producer -> its consumers, transport -> what it holds,
// router -> everything) and the registry they leave behind, and who may consume what.

#include "sfu/router.hpp"

#include <doctest/doctest.h>

#include "video_room.hpp"

using namespace weir;
using namespace weir::test;

namespace {

sfu::ErrorKind KindOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const sfu::Error& e) {
    return e.kind();
  }
  FAIL("no error");
  return sfu::ErrorKind::kError;
}

}  // namespace

TEST_CASE_FIXTURE(VideoRoom,
                  "closing a producer closes its consumers with consumer.producerclose") {
  ProduceVp8();
  ConsumeOn(outA, "a");
  ConsumeOn(outB, "b");
  auto& registry = worker->registry();
  CHECK(router->ConsumerIdsOf(router->GetProducer("p")) == std::vector<std::string>{"a", "b"});
  SendVideo(0, true);
  in.CloseProducer("p");
  CHECK(fake.notifier.All<sfu::event::ConsumerProducerClose>("a").size() == 1);
  CHECK(fake.notifier.All<sfu::event::ConsumerProducerClose>("b").size() == 1);
  CHECK(outA.ConsumerIds().empty());
  CHECK(outB.ConsumerIds().empty());
  CHECK(in.ProducerIds().empty());
  CHECK_FALSE(registry.producers.Contains("p"));
  CHECK_FALSE(registry.producerTransports.Contains("p"));
  CHECK_FALSE(registry.consumers.Contains("a"));
  CHECK_FALSE(registry.consumerTransports.Contains("b"));
  CHECK(router->ProducerConsumerIds().empty());
  CHECK(KindOf([&] { router->GetProducer("p"); }) == sfu::ErrorKind::kNotFound);
  // Its packets are now nobody's; the transports carry on.
  SendVideo(1);
  CHECK(in.counters().unknownSsrcPackets == 1);
  CHECK(RtpOf(*receiverA).size() == 1);
  // The ids are free again.
  ProduceVp8();
  ConsumeOn(outA, "a");
  SendVideo(2, true);
  CHECK(RtpOf(*receiverA).size() == 2);
}

TEST_CASE_FIXTURE(VideoRoom, "closing a consumer leaves the producer and the other consumers") {
  ProduceVp8();
  ConsumeOn(outA, "a");
  ConsumeOn(outB, "b");
  outA.CloseConsumer("a");
  CHECK(fake.notifier.All<sfu::event::ConsumerProducerClose>().empty());
  CHECK_FALSE(worker->registry().consumers.Contains("a"));
  CHECK(router->ConsumerIdsOf(router->GetProducer("p")) == std::vector<std::string>{"b"});
  SendVideo(0, true);
  CHECK(RtpOf(*receiverA).empty());
  CHECK(RtpOf(*receiverB).size() == 1);
  CHECK(KindOf([&] { outA.CloseConsumer("a"); }) == sfu::ErrorKind::kNotFound);
}

TEST_CASE_FIXTURE(VideoRoom,
                  "closing a transport closes what it holds and frees the ids and the port") {
  ProduceVp8();
  ConsumeOn(outA, "a");
  ConsumeOn(outB, "b");
  auto& registry = worker->registry();
  const auto inAddress = LocalAddress(in);
  router->CloseTransport("in");
  CHECK(router->TransportIds() == std::vector<std::string>{"outA", "outB"});
  CHECK_FALSE(registry.transports.Contains("in"));
  CHECK_FALSE(registry.transportRouters.Contains("in"));
  CHECK(registry.producers.size() == 0);
  CHECK(registry.consumers.size() == 0);  // Their producer went with the transport.
  CHECK(fake.notifier.All<sfu::event::ConsumerProducerClose>().size() == 2);
  Send(*sender, inAddress, Vp8Packet(0, true));  // Nobody listens there any more.
  CHECK(RtpOf(*receiverA).empty());
  Advance(std::chrono::seconds(3));  // No timer of the closed transport fires.
  CHECK(RtcpOf(*sender).empty());

  router->CloseTransport("outA");
  CHECK(KindOf([&] { router->CloseTransport("outA"); }) == sfu::ErrorKind::kNotFound);
  // Same ids again, on the same ports.
  sfu::PlainTransportOptions options;
  options.listenInfo.ip = "127.0.0.1";
  options.listenInfo.port = inAddress.port();
  auto& again = router->CreatePlainTransport("in", options);
  CHECK(LocalAddress(again) == inAddress);
  ConnectTo(again, *sender);
  Produce(again, "p", sfu::MediaKind::kVideo, Vp8ProducerParameters(kSenderSsrc));
  ConsumeOn(outB, "a");
  Send(*sender, LocalAddress(again), Vp8Packet(0, true));  // (`in` itself is gone.)
  CHECK(RtpOf(*receiverB).size() == 1);
}

TEST_CASE_FIXTURE(VideoRoom, "closing a transport that holds consumers of a live producer") {
  sfu::Producer& producer = ProduceVp8();
  ConsumeOn(outA, "a");
  ConsumeOn(outB, "b");
  router->CloseTransport("outA");
  CHECK(fake.notifier.All<sfu::event::ConsumerProducerClose>().empty());
  CHECK(router->ConsumerIdsOf(producer) == std::vector<std::string>{"b"});
  SendVideo(0, true);
  CHECK(RtpOf(*receiverB).size() == 1);
  CHECK(RtpOf(*receiverA).empty());
}

TEST_CASE_FIXTURE(VideoRoom,
                  "closing the router closes everything; the worker can create it again") {
  ProduceVp8();
  ConsumeOn(outA, "a");
  SendVideo(0, true);
  worker->CloseRouter("router");
  router = nullptr;
  auto& registry = worker->registry();
  CHECK(registry.transports.size() == 0);
  CHECK(registry.transportRouters.size() == 0);
  CHECK(registry.producers.size() == 0);
  CHECK(registry.consumers.size() == 0);
  CHECK(registry.producerTransports.size() == 0);
  CHECK(registry.consumerTransports.size() == 0);
  Advance(std::chrono::seconds(3));
  CHECK(RtcpOf(*receiverA).empty());

  router = &worker->CreateRouter("router", DefaultMediaCodecs());
  auto& in2 = CreatePlainTransport("in");
  auto& out2 = CreatePlainTransport("outA");
  ConnectTo(in2, *sender);
  ConnectTo(out2, *receiverA);
  Produce(in2, "p", sfu::MediaKind::kVideo, Vp8ProducerParameters(kSenderSsrc));
  Consume(out2, "a", "p");
  Send(*sender, LocalAddress(in2), Vp8Packet(1, true));
  CHECK(RtpOf(*receiverA).size() == 2);
}

TEST_CASE_FIXTURE(VideoRoom,
                  "ids are unique worker-wide, and a producer is consumable only in its router") {
  ProduceVp8();
  ConsumeOn(outA, "a");
  CHECK(KindOf([&] { ProduceVp8(); }) == sfu::ErrorKind::kInvalidState);  // Same transport.
  CHECK(KindOf([&] { ConsumeOn(outA, "a"); }) == sfu::ErrorKind::kInvalidState);
  CHECK(KindOf([&] { router->CreatePlainTransport("outB", {}); }) == sfu::ErrorKind::kInvalidState);
  // The same SSRC twice in one transport.
  CHECK(KindOf([&] {
          Produce(in, "p2", sfu::MediaKind::kVideo, Vp8ProducerParameters(kSenderSsrc));
        }) == sfu::ErrorKind::kInvalidState);
  CHECK(in.ProducerIds() == std::vector<std::string>{"p"});
  CHECK_FALSE(worker->registry().producers.Contains("p2"));

  sfu::Router& other = worker->CreateRouter("other", DefaultMediaCodecs());
  CHECK(KindOf([&] { other.GetProducer("p"); }) == sfu::ErrorKind::kNotFound);
  CHECK_FALSE(other.CanConsume("p", router->rtpCapabilities()));
  CHECK(router->CanConsume("p", router->rtpCapabilities()));
  sfu::RtpCapabilities audioOnly = router->rtpCapabilities();
  std::erase_if(audioOnly.codecs, [](const auto& c) { return c.kind == sfu::MediaKind::kVideo; });
  CHECK_FALSE(router->CanConsume("p", audioOnly));
}
