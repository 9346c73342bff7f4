#pragma once

// Turns sfu events into Notification messages on the channel (sfu/ knows nothing of
// FlatBuffers). The endpoint is attached after construction, since the worker state it serves
// needs the notifier first.

#include "sfu/notifier.hpp"

namespace weir::channel {

class ChannelEndpoint;

class ChannelNotifier : public sfu::Notifier {
 public:
  void Attach(ChannelEndpoint* endpoint) { endpoint_ = endpoint; }
  void Emit(const std::string& handlerId, const sfu::Event& event) override;

 private:
  ChannelEndpoint* endpoint_ = nullptr;
};

}  // namespace weir::channel
