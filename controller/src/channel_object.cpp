#include "weir/channel_object.hpp"

#include "absl/strings/str_cat.h"
#include "detail/channel.hpp"

namespace weir {

std::string_view CloseReasonName(CloseReason reason) {
  switch (reason) {
    case CloseReason::kClosed:
      return "closed";
    case CloseReason::kParentClosed:
      return "parent closed";
    case CloseReason::kWorkerDied:
      return "worker died";
    case CloseReason::kProducerClosed:
      return "producer closed";
    case CloseReason::kWebRtcServerClosed:
      return "webrtc server closed";
  }
  return "closed";
}

ChannelObject::ChannelObject(std::shared_ptr<detail::Channel> channel, std::string id)
    : channel_(std::move(channel)), id_(std::move(id)) {}

ChannelObject::~ChannelObject() {
  if (subscription_ != 0) channel_->Unsubscribe(subscription_);
}

std::string ChannelObject::Describe() const {
  return absl::StrCat(std::string(kind()), " ", id_);
}

void ChannelObject::Close(StatusCallback done) {
  if (closed_) {
    if (done) Post([done = std::move(done)]() mutable { done(absl::OkStatus()); });
    return;
  }
  std::shared_ptr<ChannelObject> keep = shared_from_this();
  SendCloseRequest(done ? std::move(done) : [](absl::Status) {});
  CloseLocally(CloseReason::kClosed);
}

void ChannelObject::OnClose(absl::AnyInvocable<void(CloseReason)> listener) {
  closeListeners_.push_back(
      std::make_shared<absl::AnyInvocable<void(CloseReason)>>(std::move(listener)));
}

void ChannelObject::OnNotification(absl::AnyInvocable<void(const Notification&)> listener) {
  notificationListeners_.push_back(
      std::make_shared<absl::AnyInvocable<void(const Notification&)>>(std::move(listener)));
}

void ChannelObject::Request(std::string_view method, const nlohmann::json& body,
                            Callback<nlohmann::json> callback) {
  if (FailIfClosed(callback)) return;
  channel_->Request(method, id_, body, std::move(callback));
}

void ChannelObject::RequestStatus(std::string_view method, const nlohmann::json& body,
                                  StatusCallback done) {
  Request(method, body, [done = std::move(done)](absl::StatusOr<nlohmann::json> result) mutable {
    if (done) done(result.status());
  });
}

void ChannelObject::HandleNotification(const Notification&) {}

void ChannelObject::HandleClosed(CloseReason) {}

void ChannelObject::CreateChild(std::string_view method, std::string_view handlerId,
                                const nlohmann::json& body, std::string what,
                                nlohmann::json appData, ChildFactory make,
                                Callback<std::shared_ptr<ChannelObject>> callback) {
  if (FailIfClosed(callback)) return;
  std::weak_ptr<ChannelObject> weak = weak_from_this();
  channel_->Request(
      method, handlerId, body,
      [weak, what = std::move(what), appData = std::move(appData), make = std::move(make),
       callback = std::move(callback)](absl::StatusOr<nlohmann::json> result) mutable {
        if (!result.ok()) {
          callback(result.status());
          return;
        }
        std::shared_ptr<ChannelObject> self = weak.lock();
        if (self == nullptr || self->closed()) {
          // The parent's close request followed this one: the worker closed the
          // child with it, so there is nothing to hand over and nothing leaks.
          callback(absl::FailedPreconditionError(absl::StrCat(
              self ? self->Describe() : "the parent", " closed before ", what, " was created")));
          return;
        }
        std::shared_ptr<ChannelObject> child = make(self->channel_, *result);
        if (child == nullptr) {
          callback(
              absl::FailedPreconditionError(absl::StrCat(what, " closed before it was created")));
          return;
        }
        if (!appData.is_null()) child->appData_ = std::move(appData);
        self->Adopt(child);
        callback(std::move(child));
      });
}

void ChannelObject::Adopt(const std::shared_ptr<ChannelObject>& child) {
  child->parent_ = this;
  children_.emplace(child->id_, child);
  child->SubscribeSelf();
}

void ChannelObject::SubscribeSelf() {
  std::weak_ptr<ChannelObject> weak = weak_from_this();
  subscription_ = channel_->Subscribe(id_, [weak](const Notification& notification) {
    if (std::shared_ptr<ChannelObject> self = weak.lock()) {
      self->DispatchNotification(notification);
    }
  });
}

void ChannelObject::DispatchNotification(const Notification& notification) {
  if (closed_) return;
  std::string_view event = notification.event;
  std::string_view prefix = eventNamespace();
  if (event.size() <= prefix.size() || event.substr(0, prefix.size()) != prefix ||
      event[prefix.size()] != '.') {
    return;
  }
  std::shared_ptr<ChannelObject> keep = shared_from_this();
  // Copied first: the generic listeners see every notification, also one that closes the object
  // (consumer.producerclose).
  auto listeners = notificationListeners_;
  HandleNotification(notification);
  for (auto& listener : listeners)
    (*listener)(notification);
}

void ChannelObject::CloseLocally(CloseReason reason) {
  if (closed_) return;
  // Empty when called from a destructor; otherwise it keeps this object alive until the end,
  // whatever the listeners and the parent drop.
  std::shared_ptr<ChannelObject> keep = weak_from_this().lock();
  closed_ = true;
  if (subscription_ != 0) {
    channel_->Unsubscribe(subscription_);
    subscription_ = 0;
  }
  std::multimap<std::string, std::shared_ptr<ChannelObject>> children;
  children.swap(children_);
  CloseReason childReason =
      reason == CloseReason::kWorkerDied ? CloseReason::kWorkerDied : CloseReason::kParentClosed;
  for (auto& [id, child] : children) {
    child->parent_ = nullptr;
    child->CloseLocally(childReason);
  }
  if (parent_ != nullptr) {
    ChannelObject* parent = parent_;
    parent_ = nullptr;
    auto [begin, end] = parent->children_.equal_range(id_);
    for (auto it = begin; it != end; ++it) {
      if (it->second.get() == this) {
        parent->children_.erase(it);
        break;
      }
    }
  }
  HandleClosed(reason);
  // Listeners run once; dropping them afterwards also breaks cycles through their captures.
  auto listeners = std::move(closeListeners_);
  closeListeners_.clear();
  notificationListeners_.clear();
  for (auto& listener : listeners)
    (*listener)(reason);
}

absl::Status ChannelObject::UnusableStatus() const {
  if (channel_->exited()) {
    absl::Status refused = channel_->refuseStatus();
    if (!refused.ok()) return refused;
  }
  return absl::FailedPreconditionError(absl::StrCat(Describe(), " is closed"));
}

void ChannelObject::Post(absl::AnyInvocable<void()> task) {
  channel_->Post(std::move(task));
}

}  // namespace weir
