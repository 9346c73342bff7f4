#include "rtp_observer.hpp"

#include <cstdio>
#include <utility>

#include "weir/uuid.hpp"

namespace weir::room {

void RtpObserver::CreateActiveSpeaker(const std::shared_ptr<Worker>& worker, const Router& router,
                                      uint16_t interval,
                                      Callback<std::unique_ptr<RtpObserver>> done) {
  Create(worker, router, "router.createActiveSpeakerObserver", {{"interval", interval}},
         std::move(done));
}

void RtpObserver::CreateAudioLevel(const std::shared_ptr<Worker>& worker, const Router& router,
                                   uint16_t maxEntries, int8_t threshold, uint16_t interval,
                                   Callback<std::unique_ptr<RtpObserver>> done) {
  Create(worker, router, "router.createAudioLevelObserver",
         {{"maxEntries", maxEntries}, {"threshold", threshold}, {"interval", interval}},
         std::move(done));
}

void RtpObserver::Create(const std::shared_ptr<Worker>& worker, const Router& router,
                         std::string_view method, nlohmann::json body,
                         Callback<std::unique_ptr<RtpObserver>> done) {
  std::string id = GenerateUuid();
  body["rtpObserverId"] = id;
  std::weak_ptr<Worker> weakWorker = worker;
  worker->Request(
      method, router.id(), body,
      [weakWorker, id, done = std::move(done)](absl::StatusOr<nlohmann::json> answer) mutable {
        if (!answer.ok()) {
          done(answer.status());
          return;
        }
        done(std::unique_ptr<RtpObserver>(new RtpObserver(weakWorker, id)));
      });
}

RtpObserver::RtpObserver(std::weak_ptr<Worker> worker, std::string id)
    : worker_(std::move(worker)), id_(std::move(id)) {
  std::shared_ptr<Worker> w = worker_.lock();
  if (!w) return;
  std::weak_ptr<Listener> weakListener = listener_ = std::make_shared<Listener>();
  subscription_ = w->Subscribe(id_, [weakListener](const Notification& notification) {
    if (auto listener = weakListener.lock(); listener && *listener) (*listener)(notification);
  });
}

RtpObserver::~RtpObserver() {
  // The observer itself closes with its router in the worker; only the subscription is ours.
  if (auto w = worker_.lock(); w && subscription_ != 0) w->Unsubscribe(subscription_);
}

void RtpObserver::OnNotification(Listener listener) {
  if (listener_) *listener_ = std::move(listener);
}

void RtpObserver::AddProducer(const std::string& producerId) {
  std::shared_ptr<Worker> w = worker_.lock();
  if (!w) return;
  w->Request("rtpObserver.addProducer", id_, {{"producerId", producerId}},
             [id = id_, producerId](absl::StatusOr<nlohmann::json> answer) {
               if (!answer.ok()) {
                 std::fprintf(stderr, "weir-room: observer %s: addProducer %s: %s\n", id.c_str(),
                              producerId.c_str(), std::string(answer.status().message()).c_str());
               }
             });
}

}  // namespace weir::room
