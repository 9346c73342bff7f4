#pragma once

// A Router: the unit of media routing inside a worker (producers and consumers of one room, in
// practice). Created by Worker::CreateRouter(); closing it closes everything it owns, in the
// worker and here.

#include <memory>
#include <string>

#include "weir/channel_object.hpp"

namespace weir {

class Worker;

struct RouterOptions {
  // The router's id; empty: a fresh UUID.
  std::string routerId;
};

class Router final : public ChannelObject {
 public:
  std::string_view kind() const override { return "router"; }

  // router.dump: {"id", "transportIds", "rtpObserverIds", "mapProducerIdConsumerIds", ...}.
  void Dump(Callback<nlohmann::json> callback);

 protected:
  void SendCloseRequest(StatusCallback done) override;

 private:
  friend class Worker;
  Router(std::shared_ptr<detail::Channel> channel, std::string id);
};

}  // namespace weir
