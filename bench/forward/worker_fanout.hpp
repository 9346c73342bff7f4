#pragma once

// The worker side of the forward bench, driven through libweir-controller: a spawned worker
// (WorkerSession, with synchronous requests for the bench's sequential script) and one fan-out
// in it (WorkerFanout): a router, a PlainTransport with a VP8 producer fed by the bench's sender,
// and one PlainTransport with a SimpleConsumer per receiver.

#include <uv.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "weir/controller.hpp"

namespace weir::bench {

class WorkerSession {
 public:
  WorkerSession(const std::string& workerPath, std::vector<std::string> extraArgs);
  ~WorkerSession();

  int pid() const { return worker_->pid(); }
  // One request, waited for; a rejected request ends the bench (exit 1) with its reason.
  nlohmann::json Request(const std::string& method, const std::string& handlerId,
                         const nlohmann::json& body);
  struct Call {
    std::string method;
    std::string handlerId;
    nlohmann::json body;
  };
  // Many requests, up to `window` in flight; the responses in the order of `calls`.
  std::vector<nlohmann::json> RequestAll(const std::vector<Call>& calls, size_t window = 64);
  // Runs the loop (the channel keeps being read) until `done()` or for `duration`.
  void RunUntil(const std::function<bool()>& done);
  void RunFor(std::chrono::milliseconds duration);

 private:
  uv_loop_t loop_{};
  std::shared_ptr<weir::Worker> worker_;
};

struct FanoutOptions {
  uint16_t senderPort = 0;
  std::vector<uint16_t> receiverPorts;
  bool srtp = false;  // AES_CM_128_HMAC_SHA1_80 on every transport, pre-agreed keys.
};

class WorkerFanout {
 public:
  WorkerFanout(WorkerSession& session, const FanoutOptions& options);
  ~WorkerFanout();  // Closes the router (and everything in it).

  uint16_t inPort() const { return inPort_; }
  // SRTP: the key the sender protects with (the producer transport's remote key) and the key
  // consumer 0's transport protects with (its local key, for receiver 0 to decrypt).
  const std::vector<uint8_t>& senderKey() const { return senderKey_; }
  const std::vector<uint8_t>& firstConsumerKey() const { return firstConsumerKey_; }
  const std::string& routerId() const { return routerId_; }
  const std::string& producerId() const { return producerId_; }
  const nlohmann::json& rtpCapabilities() const { return rtpCapabilities_; }

 private:
  WorkerSession& session_;
  std::string routerId_;
  std::string producerId_;
  nlohmann::json rtpCapabilities_;
  uint16_t inPort_ = 0;
  std::vector<uint8_t> senderKey_;
  std::vector<uint8_t> firstConsumerKey_;
};

// Router + producer transport + producer, then `count` consumers that never receive media
// (their transports are never connected): each on its own PlainTransport when
// `transportPerConsumer`, else all on one.
void CreateIdleConsumers(WorkerSession& session, const WorkerFanout& fanout, size_t count,
                         bool transportPerConsumer, const std::string& prefix);

}  // namespace weir::bench
