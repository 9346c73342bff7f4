#include "worker_fanout.hpp"

#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/escaping.h"

namespace weir::bench {

namespace {

[[noreturn]] void Fail(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "bench_forward: %s: %s\n", what.c_str(), status.ToString().c_str());
  std::exit(1);
}

nlohmann::json VideoCodec() {
  return {{"kind", "video"},
          {"mimeType", "video/VP8"},
          {"clockRate", 90000},
          {"rtcpFeedback",
           {{{"type", "nack"}},
            {{"type", "nack"}, {"parameter", "pli"}},
            {{"type", "ccm"}, {"parameter", "fir"}}}}};
}

nlohmann::json PlainTransportBody(const std::string& id, bool srtp) {
  nlohmann::json body = {{"transportId", id}, {"listenInfo", {{"ip", "127.0.0.1"}}}};
  if (srtp) {
    body["enableSrtp"] = true;
    body["srtpCryptoSuite"] = "AES_CM_128_HMAC_SHA1_80";
  }
  return body;
}

nlohmann::json SrtpParameters(const std::vector<uint8_t>& key) {
  return {{"cryptoSuite", "AES_CM_128_HMAC_SHA1_80"},
          {"keyBase64", absl::Base64Escape(std::string(key.begin(), key.end()))}};
}

std::vector<uint8_t> RandomKey() {
  std::vector<uint8_t> key(30);
  RAND_bytes(key.data(), static_cast<int>(key.size()));
  return key;
}

int counter = 0;

}  // namespace

WorkerSession::WorkerSession(const std::string& workerPath, std::vector<std::string> extraArgs) {
  uv_loop_init(&loop_);
  weir::WorkerSettings settings;
  settings.workerPath = workerPath;
  settings.extraArgs = std::move(extraArgs);
  settings.requestTimeout = std::chrono::seconds(60);
  auto spawned = weir::Worker::Spawn(&loop_, settings);
  if (!spawned.ok()) Fail("spawning the worker", spawned.status());
  worker_ = *spawned;
  bool running = false;
  worker_->OnRunning([&](const weir::WorkerRunning&) { running = true; });
  worker_->OnDied([](const weir::WorkerExit& exit) {
    std::fprintf(stderr, "bench_forward: the worker died: %s\n", exit.Describe().c_str());
    std::exit(1);
  });
  RunUntil([&] { return running; });
}

WorkerSession::~WorkerSession() {
  worker_->Close();
  uv_run(&loop_, UV_RUN_DEFAULT);
  worker_.reset();
  uv_run(&loop_, UV_RUN_DEFAULT);
  uv_loop_close(&loop_);
}

nlohmann::json WorkerSession::Request(const std::string& method, const std::string& handlerId,
                                      const nlohmann::json& body) {
  return RequestAll({{method, handlerId, body}})[0];
}

std::vector<nlohmann::json> WorkerSession::RequestAll(const std::vector<Call>& calls,
                                                      size_t window) {
  std::vector<nlohmann::json> responses(calls.size());
  size_t issued = 0, answered = 0;
  std::function<void()> fill = [&] {
    while (issued < calls.size() && issued - answered < window) {
      size_t i = issued++;
      worker_->Request(calls[i].method, calls[i].handlerId, calls[i].body,
                       [&, i](absl::StatusOr<nlohmann::json> response) {
                         if (!response.ok()) Fail(calls[i].method, response.status());
                         responses[i] = std::move(*response);
                         ++answered;
                         fill();
                       });
    }
  };
  fill();
  RunUntil([&] { return answered == calls.size(); });
  return responses;
}

void WorkerSession::RunUntil(const std::function<bool()>& done) {
  // A periodic timer wakes the loop so that `done` is also checked when it depends on other
  // threads (the sender) rather than on the channel.
  uv_timer_t timer;
  uv_timer_init(&loop_, &timer);
  uv_timer_start(
      &timer, [](uv_timer_t*) {}, 5, 5);
  while (!done())
    uv_run(&loop_, UV_RUN_ONCE);
  uv_close(reinterpret_cast<uv_handle_t*>(&timer), nullptr);
  uv_run(&loop_, UV_RUN_NOWAIT);
}

void WorkerSession::RunFor(std::chrono::milliseconds duration) {
  auto end = std::chrono::steady_clock::now() + duration;
  RunUntil([&] { return std::chrono::steady_clock::now() >= end; });
}

WorkerFanout::WorkerFanout(WorkerSession& session, const FanoutOptions& options)
    : session_(session) {
  const std::string tag = std::to_string(++counter);
  routerId_ = "bench-router-" + tag;
  producerId_ = "bench-producer-" + tag;
  const std::string inId = "bench-in-" + tag;
  rtpCapabilities_ = session.Request(
      "worker.createRouter", "",
      {{"routerId", routerId_}, {"mediaCodecs", {VideoCodec()}}})["rtpCapabilities"];
  auto in = session.Request("router.createPlainTransport", routerId_,
                            PlainTransportBody(inId, options.srtp));
  inPort_ = in["plain"]["tuple"]["localPort"].get<uint16_t>();
  nlohmann::json connect = {{"ip", "127.0.0.1"}, {"port", options.senderPort}};
  if (options.srtp) {
    senderKey_ = RandomKey();
    connect["srtpParameters"] = SrtpParameters(senderKey_);
  }
  session.Request("transport.connect", inId, connect);
  nlohmann::json codec = VideoCodec();
  codec.erase("kind");
  codec["payloadType"] = 96;
  session.Request(
      "transport.produce", inId,
      {{"producerId", producerId_},
       {"kind", "video"},
       {"rtpParameters", {{"codecs", {codec}}, {"encodings", {{{"ssrc", 0x11111111}}}}}}});

  const auto& ports = options.receiverPorts;
  std::vector<WorkerSession::Call> create, consume, connects;
  for (size_t i = 0; i < ports.size(); ++i) {
    std::string id = "bench-out-" + tag + "-" + std::to_string(i);
    create.push_back(
        {"router.createPlainTransport", routerId_, PlainTransportBody(id, options.srtp)});
    consume.push_back({"transport.consume",
                       id,
                       {{"consumerId", "bench-consumer-" + tag + "-" + std::to_string(i)},
                        {"producerId", producerId_},
                        {"rtpCapabilities", rtpCapabilities_}}});
    nlohmann::json body = {{"ip", "127.0.0.1"}, {"port", ports[i]}};
    if (options.srtp) body["srtpParameters"] = SrtpParameters(RandomKey());
    connects.push_back({"transport.connect", id, body});
  }
  session.RequestAll(create);
  session.RequestAll(consume);
  auto connected = session.RequestAll(connects);
  if (options.srtp && !connected.empty()) {
    std::string key;
    absl::Base64Unescape(connected[0]["srtpParameters"]["keyBase64"].get<std::string>(), &key);
    firstConsumerKey_.assign(key.begin(), key.end());
  }
}

WorkerFanout::~WorkerFanout() {
  session_.Request("worker.closeRouter", "", {{"routerId", routerId_}});
}

void CreateIdleConsumers(WorkerSession& session, const WorkerFanout& fanout, size_t count,
                         bool transportPerConsumer, const std::string& prefix) {
  std::vector<WorkerSession::Call> create, consume;
  const std::string shared = prefix + "-shared";
  if (!transportPerConsumer) {
    create.push_back(
        {"router.createPlainTransport", fanout.routerId(), PlainTransportBody(shared, false)});
  }
  for (size_t i = 0; i < count; ++i) {
    std::string id = transportPerConsumer ? prefix + "-t-" + std::to_string(i) : shared;
    if (transportPerConsumer) {
      create.push_back(
          {"router.createPlainTransport", fanout.routerId(), PlainTransportBody(id, false)});
    }
    consume.push_back({"transport.consume",
                       id,
                       {{"consumerId", prefix + "-c-" + std::to_string(i)},
                        {"producerId", fanout.producerId()},
                        {"rtpCapabilities", fanout.rtpCapabilities()}}});
  }
  session.RequestAll(create);
  session.RequestAll(consume);
}

}  // namespace weir::bench
