// RTP observers: router.createAudioLevelObserver, router.createActiveSpeakerObserver and
// router.closeRtpObserver (handlerId is the router id); rtpObserver.* (handlerId is the
// observer id).

#include "channel/request_dispatcher.hpp"

namespace weir::channel {

namespace {

sfu::RtpObserver& GetObserver(RequestContext& ctx) {
  return ctx.worker.registry().rtpObservers.Get(ctx.HandlerId(), "RtpObserver");
}

sfu::Router& RouterOfObserver(RequestContext& ctx) {
  return ctx.worker.registry().rtpObserverRouters.Get(ctx.HandlerId(), "RtpObserver");
}

void CreateAudioLevelObserver(RequestContext& ctx) {
  sfu::Router& router = ctx.worker.GetRouter(ctx.HandlerId());
  const auto& body = ctx.Body<fbs::RouterCreateAudioLevelObserverRequest>();
  sfu::AudioLevelObserverOptions options;
  options.maxEntries = body.maxEntries();
  options.threshold = body.threshold();
  options.interval = std::chrono::milliseconds(body.interval());
  router.rtpObservers().CreateAudioLevelObserver(body.rtpObserverId()->str(), options);
}

void CreateActiveSpeakerObserver(RequestContext& ctx) {
  sfu::Router& router = ctx.worker.GetRouter(ctx.HandlerId());
  const auto& body = ctx.Body<fbs::RouterCreateActiveSpeakerObserverRequest>();
  sfu::ActiveSpeakerObserverOptions options;
  options.interval = std::chrono::milliseconds(body.interval());
  router.rtpObservers().CreateActiveSpeakerObserver(body.rtpObserverId()->str(), options);
}

void CloseRtpObserver(RequestContext& ctx) {
  sfu::Router& router = ctx.worker.GetRouter(ctx.HandlerId());
  const auto& body = ctx.Body<fbs::RouterCloseRtpObserverRequest>();
  router.rtpObservers().Close(body.rtpObserverId()->str());
}

void Pause(RequestContext& ctx) {
  GetObserver(ctx).Pause();
}

void Resume(RequestContext& ctx) {
  GetObserver(ctx).Resume();
}

void AddProducer(RequestContext& ctx) {
  sfu::RtpObserver& observer = GetObserver(ctx);
  const auto& body = ctx.Body<fbs::RtpObserverAddProducerRequest>();
  // Only this router's producers: another router's is "not found", as in transport.consume.
  sfu::Producer& producer = RouterOfObserver(ctx).GetProducer(body.producerId()->str());
  observer.AddProducer(producer);
}

void RemoveProducer(RequestContext& ctx) {
  sfu::RtpObserver& observer = GetObserver(ctx);
  const auto& body = ctx.Body<fbs::RtpObserverRemoveProducerRequest>();
  sfu::Producer& producer = RouterOfObserver(ctx).GetProducer(body.producerId()->str());
  observer.RemoveProducer(producer);
}

}  // namespace

void RegisterRtpObserverHandlers(RequestDispatcher& d) {
  d.Register(fbs::Method::router_createAudioLevelObserver, CreateAudioLevelObserver);
  d.Register(fbs::Method::router_createActiveSpeakerObserver, CreateActiveSpeakerObserver);
  d.Register(fbs::Method::router_closeRtpObserver, CloseRtpObserver);
  d.Register(fbs::Method::rtpObserver_pause, Pause);
  d.Register(fbs::Method::rtpObserver_resume, Resume);
  d.Register(fbs::Method::rtpObserver_addProducer, AddProducer);
  d.Register(fbs::Method::rtpObserver_removeProducer, RemoveProducer);
}

}  // namespace weir::channel
