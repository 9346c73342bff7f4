// producer.* methods (handlerId is the producer id).

#include "channel/channel_endpoint.hpp"
#include "channel/convert/dumps.hpp"
#include "channel/convert/transport.hpp"
#include "channel/request_dispatcher.hpp"

namespace weir::channel {

namespace {

sfu::Producer& GetProducer(RequestContext& ctx) {
  return ctx.worker.registry().producers.Get(ctx.HandlerId(), "Producer");
}

sfu::Transport& TransportOf(RequestContext& ctx) {
  return ctx.worker.registry().producerTransports.Get(ctx.HandlerId(), "Producer");
}

void Dump(RequestContext& ctx) {
  sfu::Producer& producer = GetProducer(ctx);
  sfu::Router& router =
      ctx.worker.registry().transportRouters.Get(TransportOf(ctx).id(), "Transport");
  std::vector<std::string> consumerIds = router.ConsumerIdsOf(producer);
  ctx.Answer(fbs::ResponseBody::producer_dump, DumpProducer(ctx.builder, producer, consumerIds));
}

void GetStats(RequestContext& ctx) {
  ctx.Answer(fbs::ResponseBody::producer_getStats,
             ProducerStatsToFbs(ctx.builder, GetProducer(ctx), ctx.Now()));
}

// Pausing goes through the owning transport so that the router tells the consumers.
void SetPaused(RequestContext& ctx, bool paused) {
  TransportOf(ctx).PauseProducer(ctx.HandlerId(), paused);
}

void Pause(RequestContext& ctx) {
  SetPaused(ctx, true);
}
void Resume(RequestContext& ctx) {
  SetPaused(ctx, false);
}

void EnableTraceEvent(RequestContext& ctx) {
  const auto& body = ctx.Body<fbs::ProducerEnableTraceEventRequest>();
  GetProducer(ctx).trace().Set(TraceMaskFromFbs(body.events(), "events"));
}

}  // namespace

void RegisterProducerHandlers(RequestDispatcher& d) {
  d.Register(fbs::Method::producer_dump, Dump);
  d.Register(fbs::Method::producer_getStats, GetStats);
  d.Register(fbs::Method::producer_pause, Pause);
  d.Register(fbs::Method::producer_resume, Resume);
  d.Register(fbs::Method::producer_enableTraceEvent, EnableTraceEvent);
}

}  // namespace weir::channel
