#pragma once

// The base of every object a controller drives in a worker (Worker, Router, WebRtcServer,
// WebRtcTransport, PlainTransport, Producer, Consumer, and later DataProducer, ...): an id (the
// handlerId of its requests and notifications), a closed state with close listeners, notification
// listeners, and children that close with it.
//
// Ownership follows the worker's: a parent holds its children (a Router, a Transport, a Producer
// lives as long as it is open in the worker, whether or not the application keeps a pointer to
// it), and a child that is closed leaves its parent. Dropping the last application pointer to an
// object therefore neither closes it nor leaks it: it stays reachable from its parent (routers(),
// transports(), producers(), ...) and closes with it. Closing an object closes its children here
// as well; in the worker the one close request of the parent closes them there. Only a Worker,
// the root, closes when its last pointer goes.
//
// Not thread-safe: use every object of a worker from its loop's thread.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "nlohmann/json.hpp"
#include "weir/callback.hpp"
#include "weir/notification.hpp"

namespace weir {

namespace detail {
class Channel;
}

enum class CloseReason {
  kClosed,              // Close() on this object (or the worker closed it on request)
  kParentClosed,        // an ancestor was closed
  kWorkerDied,          // the worker process ended unexpectedly
  kProducerClosed,      // a Consumer whose Producer closed (the worker's consumer.producerclose)
  kWebRtcServerClosed,  // a WebRtcTransport whose WebRtcServer closed
};
std::string_view CloseReasonName(CloseReason reason);

class ChannelObject : public std::enable_shared_from_this<ChannelObject> {
 public:
  virtual ~ChannelObject();
  ChannelObject(const ChannelObject&) = delete;
  ChannelObject& operator=(const ChannelObject&) = delete;

  const std::string& id() const { return id_; }
  bool closed() const { return closed_; }
  virtual std::string_view kind() const = 0;
  // "router 0f6c...", "worker 1234": how errors name this object.
  virtual std::string Describe() const;

  // Closes the object in the worker and here. Its children close with it (kParentClosed), then
  // its close listeners run (kClosed). `done` receives the worker's answer; closing a closed
  // object does nothing but run `done` with OK.
  void Close(StatusCallback done = nullptr);

  // Runs when the object closes, for whatever reason.
  void OnClose(absl::AnyInvocable<void(CloseReason)> listener);
  // Runs for each notification whose handlerId is this object's id (and whose event is of this
  // object's kind: "transport.*" for a transport, ...).
  void OnNotification(absl::AnyInvocable<void(const Notification&)> listener);

  // The application's own data about this object (mediasoup's appData): set from the options
  // that created it, never sent to the worker, free to change.
  nlohmann::json& appData() { return appData_; }
  const nlohmann::json& appData() const { return appData_; }

  // Any request to this object (handlerId = id()), in the JSON view: `method` is "router.dump",
  // ...; the callback receives the response body (null when it has none).
  void Request(std::string_view method, const nlohmann::json& body,
               Callback<nlohmann::json> callback);

 protected:
  ChannelObject(std::shared_ptr<detail::Channel> channel, std::string id);

  // Sends the request that closes this object in the worker ("worker.closeRouter", ...).
  virtual void SendCloseRequest(StatusCallback done) = 0;
  // Sees each notification for this object before the listeners do.
  virtual void HandleNotification(const Notification& notification);
  // The prefix of this object's events ("producer" for "producer.score"): a notification for
  // its id with another prefix is for an object of another kind that has the same id, and is not
  // delivered here. Defaults to kind(); the transport kinds share "transport".
  virtual std::string_view eventNamespace() const { return kind(); }
  // Runs once when the object closes, for whatever reason: after its children have closed and it
  // has left its parent, before its close listeners run. Typed listeners are dropped here.
  virtual void HandleClosed(CloseReason reason);

  // Sends a request that creates a child of this object in the worker (`method` to `handlerId`).
  // On success, if this object is still open, `make` builds the child from the response body,
  // this object adopts it and `callback` receives it; if this object closed meanwhile (its close
  // request, sent later, closed the child in the worker too) the callback gets
  // FailedPrecondition. `what` names the child in that message ("plainTransport 1f0c...");
  // `appData` becomes the child's appData().
  using ChildFactory = absl::AnyInvocable<std::shared_ptr<ChannelObject>(
      std::shared_ptr<detail::Channel> channel, const nlohmann::json& response)>;
  void CreateChild(std::string_view method, std::string_view handlerId, const nlohmann::json& body,
                   std::string what, nlohmann::json appData, ChildFactory make,
                   Callback<std::shared_ptr<ChannelObject>> callback);
  // A request whose response body is of no interest.
  void RequestStatus(std::string_view method, const nlohmann::json& body, StatusCallback done);

  // Links a newly created child under this object and subscribes it to its notifications.
  void Adopt(const std::shared_ptr<ChannelObject>& child);
  // Subscribes this object to notifications for its id (done by Adopt() for children).
  void SubscribeSelf();
  // Marks this object and its children closed without telling the worker (it knows already).
  void CloseLocally(CloseReason reason);

  // Why a request cannot be made now: the object is closed (FailedPrecondition) or its worker is
  // dead (Unavailable).
  absl::Status UnusableStatus() const;
  // Runs `task` from the loop soon, never from inside the calling function.
  void Post(absl::AnyInvocable<void()> task);
  // Fails `callback` (from the loop) if the object is closed; returns true then.
  template <typename T>
  bool FailIfClosed(Callback<T>& callback) {
    if (!closed_) return false;
    Post([callback = std::move(callback), status = UnusableStatus()]() mutable {
      callback(status);
    });
    return true;
  }

  detail::Channel& channel() const { return *channel_; }
  const std::shared_ptr<detail::Channel>& sharedChannel() const { return channel_; }
  // The open children of type T, by id. Ids are unique per kind in the worker but not across
  // kinds (a Producer and a Consumer of one transport may share an id), hence the multimap.
  template <typename T>
  std::vector<std::shared_ptr<T>> ChildrenOf() const {
    std::vector<std::shared_ptr<T>> out;
    for (const auto& [id, child] : children_) {
      if (auto typed = std::dynamic_pointer_cast<T>(child)) out.push_back(std::move(typed));
    }
    return out;
  }
  template <typename T>
  std::shared_ptr<T> ChildOf(const std::string& id) const {
    auto [begin, end] = children_.equal_range(id);
    for (auto it = begin; it != end; ++it) {
      if (auto typed = std::dynamic_pointer_cast<T>(it->second)) return typed;
    }
    return nullptr;
  }

 private:
  void DispatchNotification(const Notification& notification);

  std::shared_ptr<detail::Channel> channel_;
  std::string id_;
  ChannelObject* parent_ = nullptr;  // not owning: a parent outlives its link to a child
  std::multimap<std::string, std::shared_ptr<ChannelObject>> children_;
  // Shared so that a listener that adds listeners while it runs stays valid.
  std::vector<std::shared_ptr<absl::AnyInvocable<void(CloseReason)>>> closeListeners_;
  std::vector<std::shared_ptr<absl::AnyInvocable<void(const Notification&)>>>
      notificationListeners_;
  nlohmann::json appData_ = nlohmann::json::object();
  uint64_t subscription_ = 0;
  bool closed_ = false;
};

}  // namespace weir
