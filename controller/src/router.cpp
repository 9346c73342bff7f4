#include "weir/router.hpp"

#include "detail/channel.hpp"

namespace weir {

Router::Router(std::shared_ptr<detail::Channel> channel, std::string id)
    : ChannelObject(std::move(channel), std::move(id)) {}

void Router::Dump(Callback<nlohmann::json> callback) {
  Request("router.dump", nullptr, std::move(callback));
}

void Router::SendCloseRequest(StatusCallback done) {
  // The worker closes a router (and all it owns) on its own request.
  channel().Request("worker.closeRouter", "", {{"routerId", id()}},
                    [done = std::move(done)](absl::StatusOr<nlohmann::json> result) mutable {
                      done(result.status());
                    });
}

}  // namespace weir
