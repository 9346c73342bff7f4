#include "sfu/worker.hpp"

#include <algorithm>
#include <utility>

#include "sfu/errors.hpp"

namespace weir::sfu {

Worker::Worker(WorkerSettings settings, Environment& env) : settings_(settings), env_(env) {}

Worker::~Worker() {
  Close();
}

Router& Worker::CreateRouter(const std::string& id,
                             const std::vector<RtpCodecCapability>& mediaCodecs) {
  if (closed_) ThrowInvalidState("worker closed");
  if (id.empty()) ThrowTypeError("missing routerId");
  if (routers_.contains(id)) ThrowInvalidState("a Router with id '%s' already exists", id);
  // Built before it is inserted: a constructor that throws leaves no trace.
  auto router = std::make_unique<Router>(id, mediaCodecs, env_, registry_);
  auto& slot = routers_[id];
  slot = std::move(router);
  return *slot;
}

void Worker::CloseRouter(const std::string& id) {
  auto it = routers_.find(id);
  if (it == routers_.end()) ThrowNotFound("Router '%s' not found", id);
  auto router = std::move(it->second);
  routers_.erase(it);
  router->Close();
}

Router& Worker::GetRouter(const std::string& id) {
  auto it = routers_.find(id);
  if (it == routers_.end()) ThrowNotFound("Router '%s' not found", id);
  return *it->second;
}

std::vector<std::string> Worker::RouterIds() const {
  std::vector<std::string> ids;
  ids.reserve(routers_.size());
  for (const auto& [id, router] : routers_)
    ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

WebRtcServer& Worker::CreateWebRtcServer(const std::string& id,
                                         const std::vector<ListenInfo>& listenInfos) {
  if (closed_) ThrowInvalidState("worker closed");
  if (id.empty()) ThrowTypeError("missing webRtcServerId");
  if (webRtcServers_.contains(id))
    ThrowInvalidState("a WebRtcServer with id '%s' already exists", id);
  if (listenInfos.empty()) ThrowTypeError("listenInfos: at least one is needed");
  auto server = std::make_unique<WebRtcServer>(id, listenInfos, env_);
  WebRtcServer& ref = *server;
  webRtcServers_[id] = std::move(server);
  return ref;
}

void Worker::CloseWebRtcServer(const std::string& id) {
  auto it = webRtcServers_.find(id);
  if (it == webRtcServers_.end()) ThrowNotFound("WebRtcServer '%s' not found", id);
  for (const std::string& transportId : it->second->TransportIds()) {
    if (Router* router = registry_.transportRouters.Find(transportId)) {
      router->CloseTransport(transportId);
    }
  }
  webRtcServers_.erase(it);
}

WebRtcServer& Worker::GetWebRtcServer(const std::string& id) {
  auto it = webRtcServers_.find(id);
  if (it == webRtcServers_.end()) ThrowNotFound("WebRtcServer '%s' not found", id);
  return *it->second;
}

std::vector<std::string> Worker::WebRtcServerIds() const {
  std::vector<std::string> ids;
  for (const auto& [id, s] : webRtcServers_)
    ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

void Worker::Close() {
  if (closed_) return;
  closed_ = true;
  for (auto& [id, router] : routers_) router->Close();
  routers_.clear();
  webRtcServers_.clear();  // After the routers: their transports detach from the servers.
}

}  // namespace weir::sfu
