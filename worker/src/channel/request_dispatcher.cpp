#include "channel/request_dispatcher.hpp"

namespace weir::channel {

RequestDispatcher::RequestDispatcher() {
  RegisterWorkerHandlers(*this);
  RegisterRouterHandlers(*this);
  RegisterTransportHandlers(*this);
  RegisterProducerHandlers(*this);
  RegisterConsumerHandlers(*this);
  RegisterRtpObserverHandlers(*this);
}

void RequestDispatcher::Register(fbs::Method method, Handler handler) {
  handlers_[static_cast<size_t>(method)] = handler;
}

void RequestDispatcher::Dispatch(RequestContext& ctx) const {
  auto index = static_cast<size_t>(ctx.request.method());
  if (index >= handlers_.size() || handlers_[index] == nullptr) {
    sfu::ThrowTypeError("unknown method %u", static_cast<unsigned>(index));
  }
  handlers_[index](ctx);
}

}  // namespace weir::channel
