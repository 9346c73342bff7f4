#include "weir/consumer.hpp"

#include "detail/channel.hpp"
#include "detail/options_json.hpp"
#include "detail/response_json.hpp"

namespace weir {

Consumer::Consumer(std::shared_ptr<detail::Channel> channel, std::string id,
                   std::string transportId, std::string producerId, const nlohmann::json& response)
    : ChannelObject(std::move(channel), std::move(id)),
      transportId_(std::move(transportId)),
      producerId_(std::move(producerId)),
      mediaKind_(detail::MediaKindFromJson(detail::Member(response, "kind"), MediaKind::kAudio)),
      type_(detail::ConsumerTypeFromJson(detail::Member(response, "type"))),
      rtpParameters_(detail::Member(response, "rtpParameters")),
      paused_(detail::BoolOf(response, "paused")),
      producerPaused_(detail::BoolOf(response, "producerPaused")),
      score_(detail::ConsumerScoreFromJson(detail::Member(response, "score"))),
      preferredLayers_(detail::LayersFromJson(detail::Member(response, "preferredLayers"))) {}

void Consumer::Pause(StatusCallback done) {
  SetPaused(true, std::move(done));
}

void Consumer::Resume(StatusCallback done) {
  SetPaused(false, std::move(done));
}

void Consumer::SetPaused(bool paused, StatusCallback done) {
  std::weak_ptr<ChannelObject> weak = weak_from_this();
  Request(paused ? "consumer.pause" : "consumer.resume", nullptr,
          [weak, paused, done = std::move(done)](absl::StatusOr<nlohmann::json> result) mutable {
            if (result.ok()) {
              if (auto self = weak.lock()) static_cast<Consumer*>(self.get())->paused_ = paused;
            }
            if (done) done(result.status());
          });
}

void Consumer::RequestKeyFrame(StatusCallback done) {
  RequestStatus("consumer.requestKeyFrame", nullptr, std::move(done));
}

void Consumer::SetPreferredLayers(ConsumerLayers layers, StatusCallback done) {
  std::weak_ptr<ChannelObject> weak = weak_from_this();
  Request("consumer.setPreferredLayers", {{"preferredLayers", detail::LayersJson(layers)}},
          [weak, layers, done = std::move(done)](absl::StatusOr<nlohmann::json> result) mutable {
            if (result.ok()) {
              if (auto self = weak.lock()) {
                static_cast<Consumer*>(self.get())->preferredLayers_ = layers;
              }
            }
            if (done) done(result.status());
          });
}

void Consumer::SetPriority(uint8_t priority, StatusCallback done) {
  RequestStatus("consumer.setPriority", {{"priority", priority}}, std::move(done));
}

void Consumer::Dump(Callback<nlohmann::json> callback) {
  Request("consumer.dump", nullptr, std::move(callback));
}

void Consumer::GetStats(Callback<nlohmann::json> callback) {
  Request("consumer.getStats", nullptr, std::move(callback));
}

void Consumer::EnableTraceEvent(const std::vector<TraceEventType>& types, StatusCallback done) {
  RequestStatus("consumer.enableTraceEvent", detail::TraceEventTypesJson(types), std::move(done));
}

void Consumer::OnProducerClose(absl::AnyInvocable<void()> listener) {
  producerCloseListeners_.Add(std::move(listener));
}
void Consumer::OnProducerPause(absl::AnyInvocable<void()> listener) {
  producerPauseListeners_.Add(std::move(listener));
}
void Consumer::OnProducerResume(absl::AnyInvocable<void()> listener) {
  producerResumeListeners_.Add(std::move(listener));
}
void Consumer::OnScore(absl::AnyInvocable<void(const ConsumerScore&)> listener) {
  scoreListeners_.Add(std::move(listener));
}
void Consumer::OnLayersChange(
    absl::AnyInvocable<void(const std::optional<ConsumerLayers>&)> listener) {
  layersListeners_.Add(std::move(listener));
}

void Consumer::SendCloseRequest(StatusCallback done) {
  channel().Request("transport.closeConsumer", transportId_, {{"consumerId", id()}},
                    [done = std::move(done)](absl::StatusOr<nlohmann::json> result) mutable {
                      done(result.status());
                    });
}

void Consumer::HandleNotification(const Notification& notification) {
  const std::string& event = notification.event;
  if (event == "consumer.producerclose") {
    // The worker has closed this consumer with its producer: nothing to send, only to record.
    producerCloseListeners_.Notify();
    CloseLocally(CloseReason::kProducerClosed);
  } else if (event == "consumer.producerpause") {
    producerPaused_ = true;
    producerPauseListeners_.Notify();
  } else if (event == "consumer.producerresume") {
    producerPaused_ = false;
    producerResumeListeners_.Notify();
  } else if (event == "consumer.score") {
    score_ = detail::ConsumerScoreFromJson(detail::Member(notification.body, "score"));
    scoreListeners_.Notify(score_);
  } else if (event == "consumer.layerschange") {
    currentLayers_ = detail::LayersFromJson(detail::Member(notification.body, "layers"));
    layersListeners_.Notify(currentLayers_);
  }
}

void Consumer::HandleClosed(CloseReason) {
  producerCloseListeners_.Clear();
  producerPauseListeners_.Clear();
  producerResumeListeners_.Clear();
  scoreListeners_.Clear();
  layersListeners_.Clear();
}

}  // namespace weir
