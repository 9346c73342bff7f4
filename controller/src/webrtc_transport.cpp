#include "weir/webrtc_transport.hpp"

#include "detail/channel.hpp"
#include "detail/response_json.hpp"
#include "weir/webrtc_server.hpp"

namespace weir {

WebRtcTransport::WebRtcTransport(std::shared_ptr<detail::Channel> channel, std::string id,
                                 std::string routerId, const nlohmann::json& response,
                                 std::weak_ptr<WebRtcServer> server)
    : Transport(std::move(channel), std::move(id), std::move(routerId)),
      webRtcServer_(std::move(server)) {
  const nlohmann::json& data = detail::Member(response, "webRtc");
  iceParameters_ = detail::Member(data, "iceParameters");
  iceCandidates_ = detail::Member(data, "iceCandidates");
  if (!iceCandidates_.is_array()) iceCandidates_ = nlohmann::json::array();
  dtlsParameters_ = detail::Member(data, "dtlsParameters");
  iceRole_ = detail::StringOf(data, "iceRole");
  iceState_ = ParseIceState(detail::StringOf(data, "iceState")).value_or(IceState::kNew);
  iceSelectedTuple_ = detail::OptionalTupleFromJson(detail::Member(data, "iceSelectedTuple"));
  dtlsState_ = ParseDtlsState(detail::StringOf(data, "dtlsState")).value_or(DtlsState::kNew);
}

void WebRtcTransport::RestartIce(Callback<nlohmann::json> callback) {
  std::weak_ptr<ChannelObject> weak = weak_from_this();
  Request("transport.restartIce", nullptr,
          [weak, callback = std::move(callback)](absl::StatusOr<nlohmann::json> result) mutable {
            if (!result.ok()) {
              callback(result.status());
              return;
            }
            nlohmann::json parameters = detail::Member(*result, "iceParameters");
            if (auto self = weak.lock(); self && !self->closed()) {
              static_cast<WebRtcTransport*>(self.get())->iceParameters_ = parameters;
            }
            callback(std::move(parameters));
          });
}

void WebRtcTransport::OnIceStateChange(absl::AnyInvocable<void(IceState)> listener) {
  iceStateListeners_.Add(std::move(listener));
}

void WebRtcTransport::OnIceSelectedTupleChange(
    absl::AnyInvocable<void(const std::optional<TransportTuple>&)> listener) {
  tupleListeners_.Add(std::move(listener));
}

void WebRtcTransport::OnDtlsStateChange(
    absl::AnyInvocable<void(DtlsState, const std::string&)> listener) {
  dtlsStateListeners_.Add(std::move(listener));
}

void WebRtcTransport::HandleConnected(const nlohmann::json& response) {
  std::string role = detail::StringOf(response, "dtlsLocalRole");
  if (!role.empty() && dtlsParameters_.is_object()) dtlsParameters_["role"] = role;
}

void WebRtcTransport::HandleNotification(const Notification& notification) {
  const std::string& event = notification.event;
  if (event == "transport.icestatechange") {
    std::optional<IceState> state = ParseIceState(detail::StringOf(notification.body, "iceState"));
    if (!state) return;
    iceState_ = *state;
    iceStateListeners_.Notify(iceState_);
  } else if (event == "transport.iceselectedtuplechange") {
    iceSelectedTuple_ =
        detail::OptionalTupleFromJson(detail::Member(notification.body, "iceSelectedTuple"));
    tupleListeners_.Notify(iceSelectedTuple_);
  } else if (event == "transport.dtlsstatechange") {
    std::optional<DtlsState> state =
        ParseDtlsState(detail::StringOf(notification.body, "dtlsState"));
    if (!state) return;
    dtlsState_ = *state;
    dtlsStateListeners_.Notify(dtlsState_, detail::StringOf(notification.body, "reason"));
  }
}

void WebRtcTransport::HandleClosed(CloseReason) {
  if (std::shared_ptr<WebRtcServer> server = webRtcServer_.lock()) {
    server->transports_.erase(id());
  }
  iceStateListeners_.Clear();
  tupleListeners_.Clear();
  dtlsStateListeners_.Clear();
}

}  // namespace weir
