#include "weir/router.hpp"

#include "absl/strings/str_cat.h"
#include "detail/channel.hpp"
#include "detail/downcast.hpp"
#include "detail/options_json.hpp"
#include "detail/response_json.hpp"
#include "weir/uuid.hpp"
#include "weir/webrtc_server.hpp"

namespace weir {

Router::Router(std::shared_ptr<detail::Channel> channel, std::string id,
               nlohmann::json rtpCapabilities)
    : ChannelObject(std::move(channel), std::move(id)),
      rtpCapabilities_(std::move(rtpCapabilities)) {}

void Router::Dump(Callback<nlohmann::json> callback) {
  Request("router.dump", nullptr, std::move(callback));
}

void Router::CreateWebRtcTransport(WebRtcTransportOptions options,
                                   Callback<std::shared_ptr<WebRtcTransport>> callback) {
  std::string id = options.transportId.empty() ? GenerateUuid() : options.transportId;
  std::shared_ptr<WebRtcServer> server = options.webRtcServer;
  if (server != nullptr && server->closed()) {
    Post([callback = std::move(callback), server]() mutable {
      callback(absl::FailedPreconditionError(absl::StrCat(server->Describe(), " is closed")));
    });
    return;
  }
  std::weak_ptr<WebRtcServer> weakServer = server;
  nlohmann::json body = detail::WebRtcTransportRequest(options, id, server ? server->id() : "");
  CreateChild(
      "router.createWebRtcTransport", this->id(), body, absl::StrCat("webRtcTransport ", id),
      std::move(options.appData),
      [id, routerId = this->id(), weakServer, hasServer = server != nullptr](
          std::shared_ptr<detail::Channel> channel,
          const nlohmann::json& response) -> std::shared_ptr<ChannelObject> {
        std::shared_ptr<WebRtcServer> owner = weakServer.lock();
        // The server's close request followed this one: the worker closed the transport with it.
        if (hasServer && (owner == nullptr || owner->closed())) return nullptr;
        std::shared_ptr<WebRtcTransport> transport(
            new WebRtcTransport(std::move(channel), id, routerId, response, weakServer));
        if (owner) owner->transports_[id] = transport;
        return transport;
      },
      detail::Downcast<WebRtcTransport>(std::move(callback)));
}

void Router::CreatePlainTransport(PlainTransportOptions options,
                                  Callback<std::shared_ptr<PlainTransport>> callback) {
  std::string id = options.transportId.empty() ? GenerateUuid() : options.transportId;
  CreateChild(
      "router.createPlainTransport", this->id(), detail::PlainTransportRequest(options, id),
      absl::StrCat("plainTransport ", id), std::move(options.appData),
      [id, routerId = this->id()](std::shared_ptr<detail::Channel> channel,
                                  const nlohmann::json& response) {
        return std::shared_ptr<ChannelObject>(
            new PlainTransport(std::move(channel), id, routerId, response));
      },
      detail::Downcast<PlainTransport>(std::move(callback)));
}

std::vector<std::shared_ptr<Transport>> Router::transports() const {
  return ChildrenOf<Transport>();
}

std::shared_ptr<Transport> Router::transport(const std::string& id) const {
  return ChildOf<Transport>(id);
}

void Router::CanConsume(const std::string& producerId, const nlohmann::json& rtpCapabilities,
                        Callback<bool> callback) {
  nlohmann::json body = {{"producerId", producerId}};
  if (!rtpCapabilities.is_null()) body["rtpCapabilities"] = rtpCapabilities;
  Request("router.canConsume", body,
          [callback = std::move(callback)](absl::StatusOr<nlohmann::json> result) mutable {
            if (!result.ok()) {
              callback(result.status());
              return;
            }
            callback(detail::BoolOf(*result, "canConsume"));
          });
}

void Router::SendCloseRequest(StatusCallback done) {
  // The worker closes a router (and all it owns) on its own request.
  channel().Request("worker.closeRouter", "", {{"routerId", id()}},
                    [done = std::move(done)](absl::StatusOr<nlohmann::json> result) mutable {
                      done(result.status());
                    });
}

}  // namespace weir
