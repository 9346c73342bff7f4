// router.* through the ChannelEndpoint: createPlainTransport, closeTransport, canConsume, dump.

#include <doctest/doctest.h>

#include "../channel_test_support.hpp"
#include "channel/convert/transport.hpp"

using namespace weir;
using namespace weir::test;

namespace {

bool Has(const std::string& text, const std::string& piece) {
  return text.find(piece) != std::string::npos;
}

}  // namespace

TEST_CASE_FIXTURE(ChannelWorld, "router.createPlainTransport answers the transport's dump") {
  Accepted("worker_createRouter", "", CreateRouterBody("r"));
  const auto& r = Accepted("router_createPlainTransport", "r",
                           PlainTransportBody("t", R"("comedia": true, "rtcpMux": false)"));
  const auto* dump = r.body_as_router_createPlainTransport();
  REQUIRE(dump != nullptr);
  CHECK(dump->id()->str() == "t");
  CHECK(dump->kind() == fbs::TransportKind::plain);
  CHECK(dump->producerIds()->size() == 0);
  REQUIRE(dump->plain() != nullptr);
  const auto* plain = dump->plain();
  CHECK(plain->comedia());
  CHECK_FALSE(plain->rtcpMux());
  CHECK(plain->tuple()->localAddress()->str() == "127.0.0.1");
  CHECK(plain->tuple()->localPort() != 0);
  CHECK(plain->tuple()->remoteIp() == nullptr);  // Unknown until learned.
  REQUIRE(plain->rtcpTuple() != nullptr);
  CHECK(plain->rtcpTuple()->localPort() != plain->tuple()->localPort());
  CHECK(plain->srtpParameters() == nullptr);
  CHECK(worker.registry().transports.Contains("t"));

  // An announced address replaces the listen IP in tuples.
  const auto& announced = Accepted(
      "router_createPlainTransport", "r",
      R"({"transportId": "t2", "listenInfo": {"ip": "127.0.0.1", "announcedAddress": "203.0.113.7", "port": 41234}})");
  const auto* tuple = announced.body_as_router_createPlainTransport()->plain()->tuple();
  CHECK(tuple->localAddress()->str() == "203.0.113.7");
  CHECK(tuple->localPort() == 41234);
}

TEST_CASE_FIXTURE(ChannelWorld, "router.createPlainTransport with SRTP returns the local keys") {
  Accepted("worker_createRouter", "", CreateRouterBody("r"));
  const auto& r = Accepted(
      "router_createPlainTransport", "r",
      PlainTransportBody("t", R"("enableSrtp": true, "srtpCryptoSuite": "AEAD_AES_128_GCM")"));
  const auto* srtp = r.body_as_router_createPlainTransport()->plain()->srtpParameters();
  REQUIRE(srtp != nullptr);
  CHECK(srtp->cryptoSuite()->str() == "AEAD_AES_128_GCM");
  auto key = channel::Base64Decode(srtp->keyBase64()->string_view());
  REQUIRE(key.has_value());
  CHECK(key->size() == 28);  // 16 bytes of key, 12 of salt (RFC 7714 12).
  const auto& dflt = Accepted("router_createPlainTransport", "r",
                              PlainTransportBody("t2", R"("enableSrtp": true)"));
  CHECK(
      dflt.body_as_router_createPlainTransport()->plain()->srtpParameters()->cryptoSuite()->str() ==
      "AES_CM_128_HMAC_SHA1_80");
}

TEST_CASE_FIXTURE(ChannelWorld, "router.createPlainTransport rejections name the field") {
  Accepted("worker_createRouter", "", CreateRouterBody("r"));
  Accepted("worker_createRouter", "", CreateRouterBody("r2"));
  CHECK(Has(Rejected(fbs::ErrorKind::NotFoundError, "router_createPlainTransport", "nope",
                     PlainTransportBody("t")),
            "nope"));
  CHECK(Has(Rejected(fbs::ErrorKind::TypeError, "router_createPlainTransport", "r",
                     R"({"transportId": "t", "listenInfo": {"ip": "localhost"}})"),
            "listenInfo.ip"));
  CHECK(
      Has(Rejected(fbs::ErrorKind::TypeError, "router_createPlainTransport", "r",
                   R"({"transportId": "t", "listenInfo": {"ip": "127.0.0.1", "protocol": "tcp"}})"),
          "listenInfo.protocol"));
  CHECK(Has(
      Rejected(
          fbs::ErrorKind::TypeError, "router_createPlainTransport", "r",
          R"({"transportId": "t", "listenInfo": {"ip": "127.0.0.1", "portRange": {"min": 50000, "max": 40000}}})"),
      "listenInfo.portRange"));
  CHECK(Has(Rejected(fbs::ErrorKind::TypeError, "router_createPlainTransport", "r",
                     PlainTransportBody("t", R"("enableSrtp": true, "srtpCryptoSuite": "NULL")")),
            "srtpCryptoSuite"));
  CHECK(Has(Rejected(fbs::ErrorKind::TypeError, "router_createPlainTransport", "r",
                     PlainTransportBody("")),
            "transportId"));
  CHECK(Has(Rejected(fbs::ErrorKind::TypeError, "router_createPlainTransport", "r"),
            "router_createPlainTransport"));
  Accepted("router_createPlainTransport", "r", PlainTransportBody("t"));
  // Transport ids are unique in the worker, across routers.
  CHECK(Has(Rejected(fbs::ErrorKind::InvalidStateError, "router_createPlainTransport", "r2",
                     PlainTransportBody("t")),
            "'t'"));
  CHECK(worker.GetRouter("r2").TransportIds().empty());
}

TEST_CASE_FIXTURE(ChannelWorld,
                  "router.closeTransport, then the id is free and unknown to transport.*") {
  Accepted("worker_createRouter", "", CreateRouterBody("r"));
  Accepted("router_createPlainTransport", "r", PlainTransportBody("t"));
  Accepted("transport_produce", "t", Vp8ProduceBody("p", 1000));
  Accepted("router_closeTransport", "r", R"({"transportId": "t"})");
  Rejected(fbs::ErrorKind::NotFoundError, "transport_dump", "t");
  Rejected(fbs::ErrorKind::NotFoundError, "producer_dump", "p");
  Rejected(fbs::ErrorKind::NotFoundError, "router_closeTransport", "r", R"({"transportId": "t"})");
  Accepted("router_createPlainTransport", "r", PlainTransportBody("t"));
  Accepted("transport_produce", "t", Vp8ProduceBody("p", 1000));
}

TEST_CASE_FIXTURE(ChannelWorld, "router.canConsume and router.dump") {
  Accepted("worker_createRouter", "", CreateRouterBody("r"));
  Accepted("router_createPlainTransport", "r", PlainTransportBody("in"));
  Accepted("router_createPlainTransport", "r", PlainTransportBody("out"));
  Accepted("transport_produce", "in", Vp8ProduceBody("p", 1000));
  const std::string canVp8 =
      R"({"producerId": "p", "rtpCapabilities": )" + std::string(kVp8Capabilities) + "}";
  CHECK(Accepted("router_canConsume", "r", canVp8).body_as_router_canConsume()->canConsume());
  const std::string opusOnly = R"({"producerId": "p", "rtpCapabilities": {"codecs": [
      {"kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2}]}})";
  CHECK_FALSE(
      Accepted("router_canConsume", "r", opusOnly).body_as_router_canConsume()->canConsume());
  const std::string unknown =
      R"({"producerId": "x", "rtpCapabilities": )" + std::string(kVp8Capabilities) + "}";
  CHECK_FALSE(
      Accepted("router_canConsume", "r", unknown).body_as_router_canConsume()->canConsume());
  CHECK(Has(
      Rejected(fbs::ErrorKind::TypeError, "router_canConsume", "r",
               R"({"producerId": "p", "rtpCapabilities": {"codecs": [{"mimeType": "video"}]}})"),
      "rtpCapabilities.codecs[0]"));

  Accepted("transport_consume", "out", ConsumeBody("c1", "p"));
  Accepted("transport_consume", "out", ConsumeBody("c2", "p"));
  const auto* dump = Accepted("router_dump", "r").body_as_router_dump();
  REQUIRE(dump != nullptr);
  REQUIRE(dump->transportIds()->size() == 2);
  CHECK(dump->transportIds()->Get(0)->str() == "in");
  REQUIRE(dump->mapProducerIdConsumerIds()->size() == 1);
  const auto* entry = dump->mapProducerIdConsumerIds()->Get(0);
  CHECK(entry->key()->str() == "p");
  REQUIRE(entry->values()->size() == 2);
  CHECK(entry->values()->Get(0)->str() == "c1");
  CHECK(entry->values()->Get(1)->str() == "c2");
  REQUIRE(dump->mapConsumerIdProducerId()->size() == 2);
  CHECK(dump->mapConsumerIdProducerId()->Get(1)->key()->str() == "c2");
  CHECK(dump->mapConsumerIdProducerId()->Get(1)->value()->str() == "p");
}
