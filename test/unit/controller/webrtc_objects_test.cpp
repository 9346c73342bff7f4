// The controller's WebRtcTransport and WebRtcServer objects against a scripted worker: the
// mediasoup-client documents taken from the creation answer, typed ICE/DTLS events, restartIce,
// and a server closing its transports (here, whatever router they belong to).

#include "doctest/doctest.h"
#include "fake_worker.hpp"

namespace weir::test {

namespace {

using nlohmann::json;

const json kIceParameters = {
    {"usernameFragment", "ufrag1"}, {"password", "pwd1"}, {"iceLite", true}};
const json kCandidate = {{"foundation", "udpcandidate"},
                         {"priority", 1076302079},
                         {"address", "127.0.0.1"},
                         {"ip", "127.0.0.1"},
                         {"protocol", "udp"},
                         {"port", 40000},
                         {"type", "host"}};
const json kDtlsParameters = {{"role", "auto"},
                              {"fingerprints", {{{"algorithm", "sha-256"}, {"value", "AB:CD"}}}}};

json WebRtcDump(const std::string& id, const std::string& serverId = "") {
  json data = {{"iceRole", "controlled"},           {"iceParameters", kIceParameters},
               {"iceCandidates", {kCandidate}},     {"iceState", "new"},
               {"dtlsParameters", kDtlsParameters}, {"dtlsState", "new"}};
  if (!serverId.empty()) data["webRtcServerId"] = serverId;
  return {{"id", id}, {"kind", "webRtc"}, {"webRtc", data}};
}

std::shared_ptr<Router> MakeRouter(FakeWorker& fake, const std::string& id) {
  Result<std::shared_ptr<Router>> router;
  fake.worker().CreateRouter({.routerId = id}, router.Bind());
  json request = fake.Expect("worker.createRouter");
  CHECK_FALSE(request["body"].contains("mediaCodecs"));
  fake.Accept(request, {{"rtpCapabilities", json::object()}});
  REQUIRE(router.value->ok());
  return **router.value;
}

std::shared_ptr<WebRtcServer> MakeServer(FakeWorker& fake, const std::string& id) {
  Result<std::shared_ptr<WebRtcServer>> server;
  WebRtcServerOptions options{.webRtcServerId = id};
  options.listenInfos.push_back({.protocol = Protocol::kUdp, .ip = "127.0.0.1", .port = 44444});
  options.listenInfos.push_back({.protocol = Protocol::kTcp, .ip = "127.0.0.1", .port = 44444});
  fake.worker().CreateWebRtcServer(options, server.Bind());
  json request = fake.Expect("worker.createWebRtcServer");
  CHECK(request["body"]["webRtcServerId"] == id);
  CHECK(request["body"]["listenInfos"][1]["protocol"] == "tcp");
  CHECK(request["body"]["listenInfos"][1]["port"] == 44444);
  fake.Accept(request);
  REQUIRE(server.value->ok());
  return **server.value;
}

std::shared_ptr<WebRtcTransport> MakeOnServer(FakeWorker& fake, Router& router,
                                              const std::shared_ptr<WebRtcServer>& server,
                                              const std::string& id) {
  Result<std::shared_ptr<WebRtcTransport>> transport;
  router.CreateWebRtcTransport({.transportId = id, .webRtcServer = server}, transport.Bind());
  json request = fake.Expect("router.createWebRtcTransport");
  CHECK(request["body"]["webRtcServerId"] == server->id());
  CHECK_FALSE(request["body"].contains("listenInfos"));
  fake.Accept(request, WebRtcDump(id, server->id()));
  REQUIRE(transport.value->ok());
  return **transport.value;
}

}  // namespace

TEST_CASE("webrtc transport: mediasoup-client documents from the answer, typed events") {
  FakeWorker fake;
  auto router = MakeRouter(fake, "r1");
  Result<std::shared_ptr<WebRtcTransport>> created;
  WebRtcTransportOptions options{.transportId = "w1"};
  options.listenInfos.push_back(
      {.protocol = Protocol::kUdp, .ip = "0.0.0.0", .announcedAddress = "192.0.2.1"});
  options.enableTcp = false;
  router->CreateWebRtcTransport(options, created.Bind());
  json request = fake.Expect("router.createWebRtcTransport");
  CHECK(request["handlerId"] == "r1");
  CHECK(request["body"]["listenInfos"][0]["announcedAddress"] == "192.0.2.1");
  CHECK(request["body"]["enableTcp"] == false);
  CHECK_FALSE(request["body"].contains("webRtcServerId"));
  fake.Accept(request, WebRtcDump("w1"));
  REQUIRE(created.value->ok());
  std::shared_ptr<WebRtcTransport> transport = **created.value;
  CHECK(transport->iceParameters() == kIceParameters);
  CHECK(transport->iceCandidates() == json{kCandidate});
  CHECK(transport->dtlsParameters() == kDtlsParameters);
  CHECK(transport->iceRole() == "controlled");
  CHECK(transport->iceState() == IceState::kNew);
  CHECK(transport->dtlsState() == DtlsState::kNew);
  CHECK(transport->webRtcServer() == nullptr);
  CHECK(router->transport("w1") == transport);

  std::vector<std::string> events;
  transport->OnIceStateChange([&](IceState s) { events.push_back(std::string(IceStateName(s))); });
  transport->OnIceSelectedTupleChange([&](const std::optional<TransportTuple>& tuple) {
    events.push_back(tuple ? tuple->remoteIp : "none");
  });
  transport->OnDtlsStateChange([&](DtlsState s, const std::string& reason) {
    events.push_back(std::string(DtlsStateName(s)) + reason);
  });
  fake.Notify("w1", "transport.icestatechange", {{"iceState", "completed"}});
  fake.Notify("w1", "transport.iceselectedtuplechange",
              {{"iceSelectedTuple", {{"localPort", 40000}, {"remoteIp", "192.0.2.9"}}}});
  fake.Notify("w1", "transport.dtlsstatechange", {{"dtlsState", "failed"}, {"reason", " alert"}});
  fake.Notify("w1", "transport.icestatechange", {{"iceState", "bogus"}});  // ignored
  fake.Notify("w1", "transport.iceselectedtuplechange", json::object());
  CHECK(events == std::vector<std::string>{"completed", "192.0.2.9", "failed alert", "none"});
  CHECK(transport->iceState() == IceState::kCompleted);
  CHECK(transport->dtlsState() == DtlsState::kFailed);
  CHECK_FALSE(transport->iceSelectedTuple().has_value());

  Result<json> connected;
  transport->Connect(
      {{"dtlsParameters", {{"role", "client"}, {"fingerprints", kDtlsParameters["fingerprints"]}}}},
      connected.Bind());
  request = fake.Expect("transport.connect");
  CHECK(request["body"]["dtlsParameters"]["role"] == "client");
  fake.Accept(request, {{"dtlsLocalRole", "server"}});
  CHECK(connected.value->ok());
  CHECK(transport->dtlsParameters()["role"] == "server");

  Result<json> restarted;
  transport->RestartIce(restarted.Bind());
  request = fake.Expect("transport.restartIce");
  CHECK(request["handlerId"] == "w1");
  json fresh = {{"usernameFragment", "ufrag2"}, {"password", "pwd2"}, {"iceLite", true}};
  fake.Accept(request, {{"iceParameters", fresh}});
  REQUIRE(restarted.value->ok());
  CHECK(**restarted.value == fresh);
  CHECK(transport->iceParameters() == fresh);
}

TEST_CASE("webrtc server: closing it closes its transports here, in every router") {
  FakeWorker fake;
  auto r1 = MakeRouter(fake, "r1");
  auto r2 = MakeRouter(fake, "r2");
  auto server = MakeServer(fake, "s1");
  CHECK(fake.worker().webRtcServer("s1") == server);
  auto a = MakeOnServer(fake, *r1, server, "wa");
  auto b = MakeOnServer(fake, *r2, server, "wb");
  CHECK(a->webRtcServer() == server);
  CHECK(server->webRtcTransports().size() == 2);
  // A transport that closes on its own leaves the server's list.
  auto c = MakeOnServer(fake, *r1, server, "wc");
  c->Close();
  fake.Accept(fake.Expect("router.closeTransport"));
  CHECK(server->webRtcTransports().size() == 2);

  std::vector<std::string> closed;
  a->OnClose([&](CloseReason r) { closed.push_back("wa " + std::string(CloseReasonName(r))); });
  b->OnClose([&](CloseReason r) { closed.push_back("wb " + std::string(CloseReasonName(r))); });
  server->OnClose(
      [&](CloseReason r) { closed.push_back("s1 " + std::string(CloseReasonName(r))); });
  server->Close();
  json request = fake.Expect("worker.closeWebRtcServer");
  CHECK(request["handlerId"] == "");
  CHECK(request["body"]["webRtcServerId"] == "s1");
  fake.Accept(request);
  CHECK(closed == std::vector<std::string>{"wa webrtc server closed", "wb webrtc server closed",
                                           "s1 closed"});
  CHECK(r1->transports().empty());
  CHECK(r2->transports().empty());
  CHECK(fake.worker().webRtcServers().empty());

  // A closed server cannot take transports: failed from the loop, nothing sent.
  Result<std::shared_ptr<WebRtcTransport>> refused;
  r1->CreateWebRtcTransport({.webRtcServer = server}, refused.Bind());
  CHECK(fake.Pending() == 0);
  fake.Run();
  CHECK(refused.value->status().code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("webrtc server: a transport answered after its server closed is not handed out") {
  FakeWorker fake;
  auto router = MakeRouter(fake, "r1");
  auto server = MakeServer(fake, "s1");
  Result<std::shared_ptr<WebRtcTransport>> created;
  router->CreateWebRtcTransport({.transportId = "w1", .webRtcServer = server}, created.Bind());
  server->Close();
  json create = fake.Expect("router.createWebRtcTransport");
  json close = fake.Expect("worker.closeWebRtcServer");
  fake.Accept(create, WebRtcDump("w1", "s1"));
  fake.Accept(close);
  CHECK(created.value->status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(router->transports().empty());
}

TEST_CASE("closing the worker closes servers, routers and transports (kParentClosed)") {
  FakeWorker fake;
  auto router = MakeRouter(fake, "r1");
  auto server = MakeServer(fake, "s1");
  auto transport = MakeOnServer(fake, *router, server, "w1");
  std::vector<CloseReason> reasons;
  for (ChannelObject* object :
       std::vector<ChannelObject*>{router.get(), server.get(), transport.get()}) {
    object->OnClose([&reasons](CloseReason r) { reasons.push_back(r); });
  }
  fake.worker().Close();
  fake.Expect("worker.close");
  CHECK(reasons == std::vector<CloseReason>(3, CloseReason::kParentClosed));
  CHECK(router->closed());
  CHECK(server->closed());
  CHECK(transport->closed());
}

TEST_CASE("appData: from the options, kept on the object, never sent to the worker") {
  FakeWorker fake;
  auto router = MakeRouter(fake, "r1");
  CHECK(router->appData() == json::object());
  Result<std::shared_ptr<WebRtcTransport>> created;
  WebRtcTransportOptions options{.transportId = "w1"};
  options.listenInfos.push_back({.ip = "127.0.0.1"});
  options.appData = {{"peerId", "alice"}, {"direction", "send"}};
  router->CreateWebRtcTransport(options, created.Bind());
  json request = fake.Expect("router.createWebRtcTransport");
  CHECK_FALSE(request["body"].contains("appData"));
  CHECK(request["body"].dump().find("alice") == std::string::npos);
  fake.Accept(request, WebRtcDump("w1"));
  REQUIRE(created.value->ok());
  std::shared_ptr<WebRtcTransport> transport = **created.value;
  CHECK(transport->appData()["peerId"] == "alice");
  transport->appData()["closing"] = true;
  CHECK(router->transport("w1")->appData()["closing"] == true);
}

}  // namespace weir::test
