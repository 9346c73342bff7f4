#pragma once

// An RTP observer of a room's Router (router.createActiveSpeakerObserver /
// router.createAudioLevelObserver in channel-schema/README.md "RTP observers"), reached through
// the controller's generic Worker::Request/Subscribe until the library grows a typed one.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/functional/any_invocable.h"
#include "weir/callback.hpp"
#include "weir/notification.hpp"
#include "weir/router.hpp"
#include "weir/worker.hpp"

namespace weir::room {

class RtpObserver {
 public:
  using Listener = absl::AnyInvocable<void(const Notification&)>;

  // interval in ms (the worker's range: 50..10000).
  static void CreateActiveSpeaker(const std::shared_ptr<Worker>& worker, const Router& router,
                                  uint16_t interval, Callback<std::unique_ptr<RtpObserver>> done);
  // threshold in dBov (-127..0), interval in ms (100..60000).
  static void CreateAudioLevel(const std::shared_ptr<Worker>& worker, const Router& router,
                               uint16_t maxEntries, int8_t threshold, uint16_t interval,
                               Callback<std::unique_ptr<RtpObserver>> done);

  ~RtpObserver();
  RtpObserver(const RtpObserver&) = delete;
  RtpObserver& operator=(const RtpObserver&) = delete;

  const std::string& id() const { return id_; }
  // rtpObserver.volumes / .silence / .dominantspeaker, as the worker's JSON view.
  void OnNotification(Listener listener);
  // rtpObserver.addProducer; a failure is logged (a producer without the audio-level extension
  // is accepted by the worker and simply never loud).
  void AddProducer(const std::string& producerId);

 private:
  RtpObserver(std::weak_ptr<Worker> worker, std::string id);
  static void Create(const std::shared_ptr<Worker>& worker, const Router& router,
                     std::string_view method, nlohmann::json body,
                     Callback<std::unique_ptr<RtpObserver>> done);

  std::weak_ptr<Worker> worker_;
  std::string id_;
  uint64_t subscription_ = 0;
  // Shared with the subscription so that a notification after destruction finds nothing.
  std::shared_ptr<Listener> listener_;
};

}  // namespace weir::room
