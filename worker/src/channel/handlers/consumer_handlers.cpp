// consumer.* methods (handlerId is the consumer id).

#include "channel/channel_endpoint.hpp"
#include "channel/convert/dumps.hpp"
#include "channel/convert/transport.hpp"
#include "channel/request_dispatcher.hpp"

namespace weir::channel {

namespace {

sfu::Consumer& GetConsumer(RequestContext& ctx) {
  return ctx.worker.registry().consumers.Get(ctx.HandlerId(), "Consumer");
}

void Dump(RequestContext& ctx) {
  ctx.Answer(fbs::ResponseBody::consumer_dump, DumpConsumer(ctx.builder, GetConsumer(ctx)));
}

void GetStats(RequestContext& ctx) {
  ctx.Answer(fbs::ResponseBody::consumer_getStats,
             ConsumerStatsToFbs(ctx.builder, GetConsumer(ctx), ctx.Now()));
}

void Pause(RequestContext& ctx) {
  GetConsumer(ctx).Pause();
}

void Resume(RequestContext& ctx) {
  GetConsumer(ctx).Resume(ctx.Now());
}

void RequestKeyFrame(RequestContext& ctx) {
  sfu::Consumer& consumer = GetConsumer(ctx);
  if (consumer.active()) consumer.RequestKeyFrame(ctx.Now());
}

void SetPreferredLayers(RequestContext& ctx) {
  GetConsumer(ctx);  // Existence check; simple consumers have a single layer.
  ctx.Body<fbs::ConsumerSetPreferredLayersRequest>();
}

void SetPriority(RequestContext& ctx) {
  GetConsumer(ctx);
  const auto& body = ctx.Body<fbs::ConsumerSetPriorityRequest>();
  if (body.priority() < 1) sfu::ThrowTypeError("priority must be at least 1");
}

void EnableTraceEvent(RequestContext& ctx) {
  const auto& body = ctx.Body<fbs::ConsumerEnableTraceEventRequest>();
  GetConsumer(ctx).trace().Set(TraceMaskFromFbs(body.events(), "events"));
}

}  // namespace

void RegisterConsumerHandlers(RequestDispatcher& d) {
  d.Register(fbs::Method::consumer_dump, Dump);
  d.Register(fbs::Method::consumer_getStats, GetStats);
  d.Register(fbs::Method::consumer_pause, Pause);
  d.Register(fbs::Method::consumer_resume, Resume);
  d.Register(fbs::Method::consumer_requestKeyFrame, RequestKeyFrame);
  d.Register(fbs::Method::consumer_setPreferredLayers, SetPreferredLayers);
  d.Register(fbs::Method::consumer_setPriority, SetPriority);
  d.Register(fbs::Method::consumer_enableTraceEvent, EnableTraceEvent);
}

}  // namespace weir::channel
