#pragma once

// The root of a worker's media state: routers (and, later, WebRtcServers) by id. One per process;
// driven by the channel handlers, never by the network directly.

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sfu/environment.hpp"
#include "sfu/registry.hpp"
#include "sfu/router.hpp"
#include "sfu/rtp_parameters.hpp"
#include "sfu/webrtc_server.hpp"

namespace weir::sfu {

struct WorkerSettings {
  uint16_t rtcMinPort = 10000;
  uint16_t rtcMaxPort = 59999;
};

class Worker {
 public:
  Worker(WorkerSettings settings, Environment& env);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  const WorkerSettings& settings() const { return settings_; }

  // Throws TypeError for an empty id or invalid media codecs, InvalidState for a duplicate id or
  // a closed worker. Nothing changes when it throws.
  Router& CreateRouter(const std::string& id,
                       const std::vector<RtpCodecCapability>& mediaCodecs = {});
  // Throws NotFound for an unknown id.
  void CloseRouter(const std::string& id);
  Router& GetRouter(const std::string& id);
  std::vector<std::string> RouterIds() const;

  // Throws TypeError/InvalidState/Error like the transports (ports taken, duplicate id).
  WebRtcServer& CreateWebRtcServer(const std::string& id,
                                   const std::vector<ListenInfo>& listenInfos);
  // Closes the server and every transport on it.
  void CloseWebRtcServer(const std::string& id);
  WebRtcServer& GetWebRtcServer(const std::string& id);
  std::vector<std::string> WebRtcServerIds() const;
  size_t router_count() const { return routers_.size(); }

  // Closes every object. Idempotent.
  void Close();
  bool closed() const { return closed_; }

  Registry& registry() { return registry_; }
  Environment& env() { return env_; }

 private:
  WorkerSettings settings_;
  Environment& env_;
  Registry registry_;
  absl::flat_hash_map<std::string, std::unique_ptr<Router>> routers_;
  absl::flat_hash_map<std::string, std::unique_ptr<WebRtcServer>> webRtcServers_;
  bool closed_ = false;
};

}  // namespace weir::sfu
