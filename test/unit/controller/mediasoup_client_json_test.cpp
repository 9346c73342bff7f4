// mediasoup-client's own documents (test/data/mediasoup-client/) through the typed objects: what
// a room server hands to Produce() and Consume() comes from the browser as it is. It carries
// fields the schema does not model (rtcp.mux, encodings' active and scaleResolutionDownBy), so a
// controller for browsers sets WorkerSettings::ignoreUnknownJsonFields; without it such a request
// fails locally, naming the field, and nothing is sent.

#include <fstream>
#include <sstream>

#include "doctest/doctest.h"
#include "fake_worker.hpp"

namespace weir::test {

namespace {

using nlohmann::json;

json Fixture(const std::string& name) {
  std::ifstream in(std::string(WEIR_TEST_DATA_DIR) + "/mediasoup-client/" + name);
  REQUIRE_MESSAGE(in.good(), "cannot read ", name);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

std::shared_ptr<PlainTransport> MakeTransport(FakeWorker& fake) {
  Result<std::shared_ptr<Router>> router;
  fake.worker().CreateRouter({.routerId = "r1"}, router.Bind());
  fake.Accept(fake.Expect("worker.createRouter"), {{"rtpCapabilities", json::object()}});
  REQUIRE(router.value->ok());
  Result<std::shared_ptr<PlainTransport>> transport;
  PlainTransportOptions options;
  options.transportId = "t1";
  options.listenInfo.ip = "127.0.0.1";
  (**router.value)->CreatePlainTransport(options, transport.Bind());
  fake.Accept(fake.Expect("router.createPlainTransport"),
              {{"id", "t1"}, {"kind", "plain"}, {"plain", {{"tuple", {{"localPort", 40000}}}}}});
  REQUIRE(transport.value->ok());
  return **transport.value;
}

}  // namespace

TEST_CASE("mediasoup-client JSON: produce and consume with ignoreUnknownJsonFields") {
  WorkerSettings settings;
  settings.ignoreUnknownJsonFields = true;
  FakeWorker fake(settings);
  auto transport = MakeTransport(fake);

  json simulcast = Fixture("chrome_produce_vp8_simulcast.json");
  REQUIRE(simulcast["rtcp"].contains("mux"));
  Result<std::shared_ptr<Producer>> producer;
  transport->Produce({.producerId = "p1",
                      .kind = MediaKind::kVideo,
                      .rtpParameters = simulcast,
                      .appData = {{"share", false}}},
                     producer.Bind());
  json request = fake.Expect("transport.produce");
  const json& sent = request["body"]["rtpParameters"];
  CHECK(request["body"]["kind"] == "video");
  CHECK(sent["codecs"][0]["mimeType"] == "video/VP8");
  CHECK(sent["codecs"][1]["parameters"].dump().find("apt") != std::string::npos);
  REQUIRE(sent["encodings"].size() == 3);
  CHECK(sent["encodings"][2]["rid"] == "r2");
  CHECK_FALSE(sent["rtcp"].contains("mux"));                   // skipped
  CHECK_FALSE(sent["encodings"][0].contains("active"));        // skipped
  CHECK(sent["rtcp"]["cname"] == simulcast["rtcp"]["cname"]);  // kept
  fake.Accept(request, {{"type", "simulcast"}, {"rtpParameters", sent}});
  REQUIRE(producer.value->ok());
  CHECK((**producer.value)->type() == ProducerType::kSimulcast);
  CHECK((**producer.value)->appData()["share"] == false);

  json device = Fixture("chrome_device_rtp_capabilities.json");
  Result<std::shared_ptr<Consumer>> consumer;
  transport->Consume(
      {.consumerId = "c1", .producerId = "p1", .rtpCapabilities = device, .paused = true},
      consumer.Bind());
  request = fake.Expect("transport.consume");
  CHECK(request["body"]["paused"] == true);
  CHECK(request["body"]["rtpCapabilities"]["codecs"].size() == device["codecs"].size());
  CHECK(request["body"]["rtpCapabilities"]["codecs"][0]["preferredPayloadType"] == 100);
}

TEST_CASE("mediasoup-client JSON: without ignoreUnknownJsonFields, a local InvalidArgument") {
  FakeWorker fake;
  auto transport = MakeTransport(fake);
  Result<std::shared_ptr<Producer>> producer;
  transport->Produce(
      {.kind = MediaKind::kAudio, .rtpParameters = Fixture("chrome_produce_opus.json")},
      producer.Bind());
  CHECK_FALSE(producer.value.has_value());  // never from inside the call
  CHECK(fake.Pending() == 0);               // nothing was sent
  REQUIRE(producer.value.has_value());
  CHECK(producer.value->status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(transport->producers().empty());
}

}  // namespace weir::test
