#pragma once

// A WebRtcServer: UDP and TCP sockets on fixed ports that many WebRtcTransports share
// (worker.createWebRtcServer), telling them apart by ICE username fragment and tuple. It belongs
// to the Worker. Closing it (worker.closeWebRtcServer) closes the transports using it, in the
// worker and here (CloseReason::kWebRtcServerClosed).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "weir/channel_object.hpp"
#include "weir/transport_types.hpp"

namespace weir {

class Worker;
class WebRtcTransport;

struct WebRtcServerOptions {
  std::string webRtcServerId;  // empty: a fresh UUID
  // One socket per entry; each needs a fixed port.
  std::vector<ListenInfo> listenInfos;
  // The new object's appData() (never sent to the worker).
  nlohmann::json appData = nlohmann::json::object();
};

class WebRtcServer final : public ChannelObject {
 public:
  std::string_view kind() const override { return "webRtcServer"; }

  // webRtcServer.dump: {"id", "iceCandidates", "webRtcTransportIds",
  // "localIceUsernameFragments", "tupleCount", "unmatchedPackets"}.
  void Dump(Callback<nlohmann::json> callback);
  // The open transports using this server.
  std::vector<std::shared_ptr<WebRtcTransport>> webRtcTransports() const;

 protected:
  void SendCloseRequest(StatusCallback done) override;
  void HandleClosed(CloseReason reason) override;

 private:
  friend class Worker;
  friend class Router;
  friend class WebRtcTransport;
  WebRtcServer(std::shared_ptr<detail::Channel> channel, std::string id);

  // Not owning: a transport belongs to its router; it leaves this list when it closes.
  std::map<std::string, std::weak_ptr<WebRtcTransport>> transports_;
};

}  // namespace weir
