#pragma once

// A Producer: media a remote endpoint sends into a transport (transport.produce). It belongs to
// its Transport; closing it (transport.closeProducer) closes its consumers in the worker, and the
// worker's consumer.producerclose then closes their Consumer objects here with
// CloseReason::kProducerClosed.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weir/channel_object.hpp"
#include "weir/listener_list.hpp"
#include "weir/rtp_types.hpp"
#include "weir/transport_types.hpp"

namespace weir {

class Transport;

struct ProducerOptions {
  std::string producerId;  // empty: a fresh UUID
  MediaKind kind = MediaKind::kAudio;
  // mediasoup-client's rtpParameters (mid, codecs, headerExtensions, encodings, rtcp).
  nlohmann::json rtpParameters;
  bool paused = false;
  uint32_t keyFrameRequestDelay = 0;  // ms to wait before asking the source for a keyframe
  // The new object's appData() (never sent to the worker).
  nlohmann::json appData = nlohmann::json::object();
};

class Producer final : public ChannelObject {
 public:
  std::string_view kind() const override { return "producer"; }

  const std::string& transportId() const { return transportId_; }
  MediaKind mediaKind() const { return mediaKind_; }
  ProducerType type() const { return type_; }
  // As given, validated by the worker; and what consumers are derived from (router payload types
  // and SSRCs).
  const nlohmann::json& rtpParameters() const { return rtpParameters_; }
  const nlohmann::json& consumableRtpParameters() const { return consumableRtpParameters_; }
  bool paused() const { return paused_; }
  // The last producer.score (empty before the first).
  const std::vector<ProducerScore>& score() const { return score_; }

  // producer.pause / producer.resume; paused() changes once the worker has accepted.
  void Pause(StatusCallback done = nullptr);
  void Resume(StatusCallback done = nullptr);
  // producer.dump (ProducerDump) / producer.getStats ({"stats": [inbound-rtp, ...]}).
  void Dump(Callback<nlohmann::json> callback);
  void GetStats(Callback<nlohmann::json> callback);
  void EnableTraceEvent(const std::vector<TraceEventType>& types, StatusCallback done);

  // producer.score: one entry per encoding.
  void OnScore(absl::AnyInvocable<void(const std::vector<ProducerScore>&)> listener);

 protected:
  // transport.closeProducer on its transport.
  void SendCloseRequest(StatusCallback done) override;
  void HandleNotification(const Notification& notification) override;
  void HandleClosed(CloseReason reason) override;

 private:
  friend class Transport;
  Producer(std::shared_ptr<detail::Channel> channel, std::string id, std::string transportId,
           MediaKind kind, const nlohmann::json& response, bool paused);
  void SetPaused(bool paused, StatusCallback done);

  std::string transportId_;
  MediaKind mediaKind_;
  ProducerType type_ = ProducerType::kSimple;
  nlohmann::json rtpParameters_;
  nlohmann::json consumableRtpParameters_;
  bool paused_ = false;
  std::vector<ProducerScore> score_;
  ListenerList<const std::vector<ProducerScore>&> scoreListeners_;
};

}  // namespace weir
