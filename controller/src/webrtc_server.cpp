#include "weir/webrtc_server.hpp"

#include "detail/channel.hpp"
#include "weir/webrtc_transport.hpp"

namespace weir {

WebRtcServer::WebRtcServer(std::shared_ptr<detail::Channel> channel, std::string id)
    : ChannelObject(std::move(channel), std::move(id)) {}

void WebRtcServer::Dump(Callback<nlohmann::json> callback) {
  Request("webRtcServer.dump", nullptr, std::move(callback));
}

std::vector<std::shared_ptr<WebRtcTransport>> WebRtcServer::webRtcTransports() const {
  std::vector<std::shared_ptr<WebRtcTransport>> out;
  for (const auto& [id, weak] : transports_) {
    if (auto transport = weak.lock(); transport && !transport->closed()) out.push_back(transport);
  }
  return out;
}

void WebRtcServer::SendCloseRequest(StatusCallback done) {
  // The worker closes the server's transports with it (their routers let them go).
  channel().Request("worker.closeWebRtcServer", "", {{"webRtcServerId", id()}},
                    [done = std::move(done)](absl::StatusOr<nlohmann::json> result) mutable {
                      done(result.status());
                    });
}

void WebRtcServer::HandleClosed(CloseReason reason) {
  CloseReason transportReason = reason;
  if (reason == CloseReason::kClosed) transportReason = CloseReason::kWebRtcServerClosed;
  // Each transport erases itself from transports_ as it closes: walk a copy.
  auto transports = std::move(transports_);
  transports_.clear();
  for (auto& [id, weak] : transports) {
    if (std::shared_ptr<WebRtcTransport> transport = weak.lock()) {
      transport->CloseLocally(transportReason);
    }
  }
}

}  // namespace weir
