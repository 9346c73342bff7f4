#pragma once

// Maps each Method to its handler function. Handlers live in channel/handlers/, one file per
// object kind, and register themselves through the Register*Handlers functions below.

#include <array>

#include "channel/request_context.hpp"

namespace weir::channel {

using Handler = void (*)(RequestContext& ctx);

class RequestDispatcher {
 public:
  RequestDispatcher();

  void Register(fbs::Method method, Handler handler);
  // Runs the handler; throws sfu::Error (NotFound for a method without a handler).
  void Dispatch(RequestContext& ctx) const;

 private:
  static constexpr size_t kMethodCount = static_cast<size_t>(fbs::Method::MAX) + 1;
  std::array<Handler, kMethodCount> handlers_{};
};

void RegisterWorkerHandlers(RequestDispatcher& dispatcher);
void RegisterRouterHandlers(RequestDispatcher& dispatcher);
void RegisterTransportHandlers(RequestDispatcher& dispatcher);
void RegisterProducerHandlers(RequestDispatcher& dispatcher);
void RegisterConsumerHandlers(RequestDispatcher& dispatcher);
void RegisterRtpObserverHandlers(RequestDispatcher& dispatcher);

}  // namespace weir::channel
