#include "weir/producer.hpp"

#include "detail/channel.hpp"
#include "detail/options_json.hpp"
#include "detail/response_json.hpp"

namespace weir {

Producer::Producer(std::shared_ptr<detail::Channel> channel, std::string id,
                   std::string transportId, MediaKind kind, const nlohmann::json& response,
                   bool paused)
    : ChannelObject(std::move(channel), std::move(id)),
      transportId_(std::move(transportId)),
      mediaKind_(kind),
      type_(detail::ProducerTypeFromJson(detail::Member(response, "type"))),
      rtpParameters_(detail::Member(response, "rtpParameters")),
      consumableRtpParameters_(detail::Member(response, "consumableRtpParameters")),
      paused_(paused) {}

void Producer::Pause(StatusCallback done) {
  SetPaused(true, std::move(done));
}

void Producer::Resume(StatusCallback done) {
  SetPaused(false, std::move(done));
}

void Producer::SetPaused(bool paused, StatusCallback done) {
  std::weak_ptr<ChannelObject> weak = weak_from_this();
  Request(paused ? "producer.pause" : "producer.resume", nullptr,
          [weak, paused, done = std::move(done)](absl::StatusOr<nlohmann::json> result) mutable {
            if (result.ok()) {
              if (auto self = weak.lock()) static_cast<Producer*>(self.get())->paused_ = paused;
            }
            if (done) done(result.status());
          });
}

void Producer::Dump(Callback<nlohmann::json> callback) {
  Request("producer.dump", nullptr, std::move(callback));
}

void Producer::GetStats(Callback<nlohmann::json> callback) {
  Request("producer.getStats", nullptr, std::move(callback));
}

void Producer::EnableTraceEvent(const std::vector<TraceEventType>& types, StatusCallback done) {
  RequestStatus("producer.enableTraceEvent", detail::TraceEventTypesJson(types), std::move(done));
}

void Producer::OnScore(absl::AnyInvocable<void(const std::vector<ProducerScore>&)> listener) {
  scoreListeners_.Add(std::move(listener));
}

void Producer::SendCloseRequest(StatusCallback done) {
  // The worker closes the producer's consumers first, each with a consumer.producerclose.
  channel().Request("transport.closeProducer", transportId_, {{"producerId", id()}},
                    [done = std::move(done)](absl::StatusOr<nlohmann::json> result) mutable {
                      done(result.status());
                    });
}

void Producer::HandleNotification(const Notification& notification) {
  if (notification.event == "producer.score") {
    score_ = detail::ProducerScoresFromJson(notification.body);
    scoreListeners_.Notify(score_);
  }
}

void Producer::HandleClosed(CloseReason) {
  scoreListeners_.Clear();
}

}  // namespace weir
