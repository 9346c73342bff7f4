#include "weir/transport.hpp"

#include "absl/strings/str_cat.h"
#include "detail/channel.hpp"
#include "detail/downcast.hpp"
#include "detail/options_json.hpp"
#include "weir/uuid.hpp"

namespace weir {

Transport::Transport(std::shared_ptr<detail::Channel> channel, std::string id, std::string routerId)
    : ChannelObject(std::move(channel), std::move(id)), routerId_(std::move(routerId)) {}

void Transport::Dump(Callback<nlohmann::json> callback) {
  Request("transport.dump", nullptr, std::move(callback));
}

void Transport::GetStats(Callback<nlohmann::json> callback) {
  Request("transport.getStats", nullptr, std::move(callback));
}

void Transport::Connect(const nlohmann::json& parameters, Callback<nlohmann::json> callback) {
  std::weak_ptr<ChannelObject> weak = weak_from_this();
  Request("transport.connect", parameters,
          [weak, callback = std::move(callback)](absl::StatusOr<nlohmann::json> result) mutable {
            if (result.ok()) {
              if (auto self = weak.lock(); self && !self->closed()) {
                static_cast<Transport*>(self.get())->HandleConnected(*result);
              }
            }
            callback(std::move(result));
          });
}

void Transport::HandleConnected(const nlohmann::json&) {}

void Transport::EnableTraceEvent(const std::vector<TraceEventType>& types, StatusCallback done) {
  RequestStatus("transport.enableTraceEvent", detail::TraceEventTypesJson(types), std::move(done));
}

void Transport::Produce(ProducerOptions options, Callback<std::shared_ptr<Producer>> callback) {
  std::string id = options.producerId.empty() ? GenerateUuid() : options.producerId;
  CreateChild(
      "transport.produce", this->id(), detail::ProduceRequest(options, id),
      absl::StrCat("producer ", id), std::move(options.appData),
      [id, transportId = this->id(), kind = options.kind, paused = options.paused](
          std::shared_ptr<detail::Channel> channel, const nlohmann::json& response) {
        return std::shared_ptr<ChannelObject>(
            new Producer(std::move(channel), id, transportId, kind, response, paused));
      },
      detail::Downcast<Producer>(std::move(callback)));
}

void Transport::Consume(ConsumerOptions options, Callback<std::shared_ptr<Consumer>> callback) {
  std::string id = options.consumerId.empty() ? GenerateUuid() : options.consumerId;
  CreateChild(
      "transport.consume", this->id(), detail::ConsumeRequest(options, id),
      absl::StrCat("consumer ", id), std::move(options.appData),
      [id, transportId = this->id(), producerId = options.producerId,
       preferred = options.preferredLayers](std::shared_ptr<detail::Channel> channel,
                                            const nlohmann::json& response) {
        auto consumer = std::shared_ptr<Consumer>(
            new Consumer(std::move(channel), id, transportId, producerId, response));
        if (!consumer->preferredLayers_) consumer->preferredLayers_ = preferred;
        return std::static_pointer_cast<ChannelObject>(consumer);
      },
      detail::Downcast<Consumer>(std::move(callback)));
}

std::vector<std::shared_ptr<Producer>> Transport::producers() const {
  return ChildrenOf<Producer>();
}

std::shared_ptr<Producer> Transport::producer(const std::string& id) const {
  return ChildOf<Producer>(id);
}

std::vector<std::shared_ptr<Consumer>> Transport::consumers() const {
  return ChildrenOf<Consumer>();
}

std::shared_ptr<Consumer> Transport::consumer(const std::string& id) const {
  return ChildOf<Consumer>(id);
}

void Transport::SendCloseRequest(StatusCallback done) {
  channel().Request("router.closeTransport", routerId_, {{"transportId", id()}},
                    [done = std::move(done)](absl::StatusOr<nlohmann::json> result) mutable {
                      done(result.status());
                    });
}

}  // namespace weir
