#pragma once

// A Consumer: a producer of the router sent to a transport's remote (transport.consume). It
// belongs to its Transport. Besides closing with it, it closes when its Producer closes (the
// worker's consumer.producerclose: CloseReason::kProducerClosed, after the producerclose
// listeners ran), wherever that producer lives.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "weir/channel_object.hpp"
#include "weir/listener_list.hpp"
#include "weir/rtp_types.hpp"
#include "weir/transport_types.hpp"

namespace weir {

class Transport;

struct ConsumerOptions {
  std::string consumerId;  // empty: a fresh UUID
  std::string producerId;
  // The receiving endpoint's (mediasoup-client's device.rtpCapabilities).
  nlohmann::json rtpCapabilities;
  // Start paused (mediasoup's advice for video: resume once the client has set up its side).
  bool paused = false;
  std::optional<ConsumerLayers> preferredLayers;
  bool ignoreDtx = false;
  bool pipe = false;
  bool enableRtx = true;
  // The new object's appData() (never sent to the worker).
  nlohmann::json appData = nlohmann::json::object();
};

class Consumer final : public ChannelObject {
 public:
  std::string_view kind() const override { return "consumer"; }

  const std::string& transportId() const { return transportId_; }
  const std::string& producerId() const { return producerId_; }
  MediaKind mediaKind() const { return mediaKind_; }
  ConsumerType type() const { return type_; }
  // What the receiving endpoint gets (mediasoup-client's consume({rtpParameters})).
  const nlohmann::json& rtpParameters() const { return rtpParameters_; }
  bool paused() const { return paused_; }
  bool producerPaused() const { return producerPaused_; }
  const ConsumerScore& score() const { return score_; }
  const std::optional<ConsumerLayers>& preferredLayers() const { return preferredLayers_; }
  // From consumer.layerschange (nothing: nothing is forwarded, or no event yet).
  const std::optional<ConsumerLayers>& currentLayers() const { return currentLayers_; }

  // consumer.pause / consumer.resume; paused() changes once the worker has accepted.
  void Pause(StatusCallback done = nullptr);
  void Resume(StatusCallback done = nullptr);
  void RequestKeyFrame(StatusCallback done = nullptr);
  void SetPreferredLayers(ConsumerLayers layers, StatusCallback done = nullptr);
  void SetPriority(uint8_t priority, StatusCallback done = nullptr);
  // consumer.dump (ConsumerDump) / consumer.getStats ({"stats": [outbound-rtp],
  // "producerStats": [inbound-rtp, ...]}).
  void Dump(Callback<nlohmann::json> callback);
  void GetStats(Callback<nlohmann::json> callback);
  void EnableTraceEvent(const std::vector<TraceEventType>& types, StatusCallback done);

  // Worker events, typed. OnProducerClose runs before the consumer closes (kProducerClosed).
  void OnProducerClose(absl::AnyInvocable<void()> listener);
  void OnProducerPause(absl::AnyInvocable<void()> listener);
  void OnProducerResume(absl::AnyInvocable<void()> listener);
  void OnScore(absl::AnyInvocable<void(const ConsumerScore&)> listener);
  void OnLayersChange(absl::AnyInvocable<void(const std::optional<ConsumerLayers>&)> listener);

 protected:
  // transport.closeConsumer on its transport.
  void SendCloseRequest(StatusCallback done) override;
  void HandleNotification(const Notification& notification) override;
  void HandleClosed(CloseReason reason) override;

 private:
  friend class Transport;
  Consumer(std::shared_ptr<detail::Channel> channel, std::string id, std::string transportId,
           std::string producerId, const nlohmann::json& response);
  void SetPaused(bool paused, StatusCallback done);

  std::string transportId_;
  std::string producerId_;
  MediaKind mediaKind_ = MediaKind::kAudio;
  ConsumerType type_ = ConsumerType::kSimple;
  nlohmann::json rtpParameters_;
  bool paused_ = false;
  bool producerPaused_ = false;
  ConsumerScore score_;
  std::optional<ConsumerLayers> preferredLayers_;
  std::optional<ConsumerLayers> currentLayers_;
  ListenerList<> producerCloseListeners_;
  ListenerList<> producerPauseListeners_;
  ListenerList<> producerResumeListeners_;
  ListenerList<const ConsumerScore&> scoreListeners_;
  ListenerList<const std::optional<ConsumerLayers>&> layersListeners_;
};

}  // namespace weir
