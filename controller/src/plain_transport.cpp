#include "weir/plain_transport.hpp"

#include "detail/channel.hpp"
#include "detail/response_json.hpp"

namespace weir {

PlainTransport::PlainTransport(std::shared_ptr<detail::Channel> channel, std::string id,
                               std::string routerId, const nlohmann::json& response)
    : Transport(std::move(channel), std::move(id), std::move(routerId)) {
  const nlohmann::json& data = detail::Member(response, "plain");
  tuple_ = detail::TupleFromJson(detail::Member(data, "tuple"));
  rtcpTuple_ = detail::OptionalTupleFromJson(detail::Member(data, "rtcpTuple"));
  rtcpMux_ = detail::BoolOf(data, "rtcpMux", true);
  comedia_ = detail::BoolOf(data, "comedia");
  srtpParameters_ = detail::SrtpFromJson(detail::Member(data, "srtpParameters"));
}

void PlainTransport::OnTuple(absl::AnyInvocable<void(const TransportTuple&)> listener) {
  tupleListeners_.Add(std::move(listener));
}

void PlainTransport::OnRtcpTuple(absl::AnyInvocable<void(const TransportTuple&)> listener) {
  rtcpTupleListeners_.Add(std::move(listener));
}

void PlainTransport::HandleConnected(const nlohmann::json& response) {
  if (const nlohmann::json& tuple = detail::Member(response, "tuple"); tuple.is_object()) {
    tuple_ = detail::TupleFromJson(tuple);
  }
  if (const nlohmann::json& tuple = detail::Member(response, "rtcpTuple"); tuple.is_object()) {
    rtcpTuple_ = detail::TupleFromJson(tuple);
  }
  if (auto srtp = detail::SrtpFromJson(detail::Member(response, "srtpParameters"))) {
    srtpParameters_ = std::move(srtp);
  }
}

void PlainTransport::HandleNotification(const Notification& notification) {
  if (notification.event == "transport.tuple") {
    tuple_ = detail::TupleFromJson(detail::Member(notification.body, "tuple"));
    tupleListeners_.Notify(tuple_);
  } else if (notification.event == "transport.rtcptuple") {
    rtcpTuple_ = detail::TupleFromJson(detail::Member(notification.body, "tuple"));
    rtcpTupleListeners_.Notify(*rtcpTuple_);
  }
}

void PlainTransport::HandleClosed(CloseReason) {
  tupleListeners_.Clear();
  rtcpTupleListeners_.Clear();
}

}  // namespace weir
