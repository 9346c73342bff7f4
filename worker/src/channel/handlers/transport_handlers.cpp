// transport.* methods (handlerId is the transport id).

#include "channel/channel_endpoint.hpp"
#include "channel/convert/dumps.hpp"
#include "channel/convert/rtp_capabilities.hpp"
#include "channel/convert/rtp_parameters.hpp"
#include "channel/convert/transport.hpp"
#include "channel/convert/webrtc.hpp"
#include "channel/request_dispatcher.hpp"
#include "sfu/ortc/consumer_parameters.hpp"
#include "sfu/ortc/producer_mapping.hpp"
#include "sfu/ortc/rtp_capabilities_validation.hpp"
#include "sfu/ortc/rtp_parameters_validation.hpp"

namespace weir::channel {

namespace {

sfu::Transport& GetTransport(RequestContext& ctx) {
  return ctx.worker.registry().transports.Get(ctx.HandlerId(), "Transport");
}

sfu::Router& RouterOf(RequestContext& ctx) {
  return ctx.worker.registry().transportRouters.Get(ctx.HandlerId(), "Transport");
}

void Dump(RequestContext& ctx) {
  ctx.Answer(fbs::ResponseBody::transport_dump, DumpTransport(ctx.builder, GetTransport(ctx)));
}

void GetStats(RequestContext& ctx) {
  ctx.Answer(fbs::ResponseBody::transport_getStats,
             TransportStatsToFbs(ctx.builder, GetTransport(ctx), ctx.Now()));
}

void Connect(RequestContext& ctx) {
  sfu::Transport& transport = GetTransport(ctx);
  const auto& body = ctx.Body<fbs::TransportConnectRequest>();
  if (transport.kind() == sfu::TransportKind::kWebRtc) {
    auto& webRtc = static_cast<sfu::WebRtcTransport&>(transport);
    if (!body.dtlsParameters()) sfu::ThrowTypeError("missing dtlsParameters");
    webRtc.Connect(FromFbs(*body.dtlsParameters(), "dtlsParameters"));
    auto role =
        ctx.builder.CreateString(std::string(DtlsRoleName(webRtc.localDtlsParameters().role)));
    fbs::TransportConnectResponseBuilder response(ctx.builder);
    response.add_dtlsLocalRole(role);
    ctx.Answer(fbs::ResponseBody::transport_connect, response.Finish());
    return;
  }
  if (transport.kind() != sfu::TransportKind::kPlain) {
    sfu::ThrowTypeError("connect parameters do not fit this transport kind");
  }
  auto& plain = static_cast<sfu::PlainTransport&>(transport);
  sfu::PlainConnectParams params;
  if (body.ip()) params.ip = body.ip()->str();
  if (body.port()) params.port = *body.port();
  if (body.rtcpPort()) params.rtcpPort = *body.rtcpPort();
  if (body.srtpParameters())
    params.srtpParameters = FromFbs(*body.srtpParameters(), "srtpParameters");
  plain.Connect(params);
  auto& b = ctx.builder;
  auto tuple = ToFbs(b, plain.tuple());
  auto rtcpTuple = plain.rtcpTuple() ? ToFbs(b, *plain.rtcpTuple()) : 0;
  auto srtp = plain.srtpParameters() ? ToFbs(b, *plain.srtpParameters()) : 0;
  ctx.Answer(fbs::ResponseBody::transport_connect,
             fbs::CreateTransportConnectResponse(b, tuple, rtcpTuple, srtp));
}

void Produce(RequestContext& ctx) {
  sfu::Transport& transport = GetTransport(ctx);
  sfu::Router& router = RouterOf(ctx);
  const auto& body = ctx.Body<fbs::TransportProduceRequest>();
  std::string producerId = body.producerId()->str();
  if (ctx.worker.registry().producers.Contains(producerId)) {
    sfu::ThrowInvalidState("a Producer with id '%s' already exists", producerId);
  }
  sfu::ProducerOptions options;
  options.id = producerId;
  options.kind = FromFbs(body.kind(), "kind");
  options.rtpParameters = FromFbs(*body.rtpParameters(), "rtpParameters");
  sfu::ortc::ValidateRtpParameters(options.rtpParameters, options.kind, "rtpParameters");
  if (options.rtpParameters.encodings.empty()) {
    sfu::ThrowTypeError("rtpParameters.encodings: at least one encoding is needed");
  }
  options.rtpMapping = sfu::ortc::GetProducerRtpMapping(
      options.rtpParameters, router.rtpCapabilities(), [&] { return router.NewSsrc(); });
  options.consumableRtpParameters = sfu::ortc::GetConsumableRtpParameters(
      options.kind, options.rtpParameters, router.rtpCapabilities(), options.rtpMapping);
  options.paused = body.paused();
  options.keyFrameRequestDelay = std::chrono::milliseconds(body.keyFrameRequestDelay());
  sfu::Producer& producer = transport.Produce(std::move(options));
  auto& b = ctx.builder;
  auto params = ToFbs(b, producer.rtpParameters());
  auto consumable = ToFbs(b, producer.consumableRtpParameters());
  ctx.Answer(fbs::ResponseBody::transport_produce,
             fbs::CreateTransportProduceResponse(b, ToFbs(producer.type()), params, consumable));
}

void Consume(RequestContext& ctx) {
  sfu::Transport& transport = GetTransport(ctx);
  sfu::Router& router = RouterOf(ctx);
  const auto& body = ctx.Body<fbs::TransportConsumeRequest>();
  std::string consumerId = body.consumerId()->str();
  if (ctx.worker.registry().consumers.Contains(consumerId)) {
    sfu::ThrowInvalidState("a Consumer with id '%s' already exists", consumerId);
  }
  // Only producers of this transport's router: another router's producer is "not found".
  sfu::Producer& producer = router.GetProducer(body.producerId()->str());
  sfu::RtpCapabilities caps = FromFbs(*body.rtpCapabilities(), "rtpCapabilities");
  sfu::ortc::ValidateRtpCapabilities(caps, "rtpCapabilities");
  if (!sfu::ortc::CanConsume(producer.consumableRtpParameters(), caps)) {
    sfu::ThrowTypeError("rtpCapabilities: the endpoint cannot receive any codec of producer '%s'",
                        producer.id());
  }
  sfu::ortc::ConsumerOptions ortcOptions;
  ortcOptions.pipe = body.pipe();
  ortcOptions.enableRtx = body.enableRtx() && producer.kind() == sfu::MediaKind::kVideo;
  sfu::ConsumerOptions options;
  options.id = consumerId;
  options.producerId = producer.id();
  options.kind = producer.kind();
  options.rtpParameters = sfu::ortc::GetConsumerRtpParameters(
      producer.consumableRtpParameters(), caps, ortcOptions, [&] { return router.NewSsrc(); });
  options.paused = body.paused();
  options.producerPaused = producer.paused();
  options.ignoreDtx = body.ignoreDtx();
  if (const auto* layers = body.preferredLayers()) {
    sfu::ConsumerLayers preferred;
    preferred.spatialLayer = layers->spatialLayer();
    if (layers->temporalLayer()) preferred.temporalLayer = *layers->temporalLayer();
    options.preferredLayers = preferred;
  }
  sfu::Consumer& consumer = transport.Consume(std::move(options), producer);
  auto& b = ctx.builder;
  auto params = ToFbs(b, consumer.rtpParameters());
  auto score = ConsumerScoreToFbs(b, consumer);
  fbs::TransportConsumeResponseBuilder response(b);
  response.add_type(ToFbs(consumer.type()));
  response.add_kind(ToFbs(consumer.kind()));
  response.add_rtpParameters(params);
  response.add_paused(consumer.paused());
  response.add_producerPaused(consumer.producerPaused());
  response.add_score(score);
  ctx.Answer(fbs::ResponseBody::transport_consume, response.Finish());
}

void RestartIce(RequestContext& ctx) {
  sfu::Transport& transport = GetTransport(ctx);
  if (transport.kind() != sfu::TransportKind::kWebRtc) {
    sfu::ThrowTypeError("restartIce: not a WebRtcTransport");
  }
  auto params = static_cast<sfu::WebRtcTransport&>(transport).RestartIce();
  ctx.Answer(fbs::ResponseBody::transport_restartIce,
             fbs::CreateTransportRestartIceResponse(ctx.builder, ToFbs(ctx.builder, params)));
}

void CloseProducer(RequestContext& ctx) {
  GetTransport(ctx).CloseProducer(
      ctx.Body<fbs::TransportCloseProducerRequest>().producerId()->str());
}

void CloseConsumer(RequestContext& ctx) {
  GetTransport(ctx).CloseConsumer(
      ctx.Body<fbs::TransportCloseConsumerRequest>().consumerId()->str());
}

void EnableTraceEvent(RequestContext& ctx) {
  sfu::Transport& transport = GetTransport(ctx);
  const auto& body = ctx.Body<fbs::TransportEnableTraceEventRequest>();
  transport.EnableTraceEvent(TraceMaskFromFbs(body.events(), "events"));
}

}  // namespace

void RegisterTransportHandlers(RequestDispatcher& d) {
  d.Register(fbs::Method::transport_dump, Dump);
  d.Register(fbs::Method::transport_getStats, GetStats);
  d.Register(fbs::Method::transport_connect, Connect);
  d.Register(fbs::Method::transport_restartIce, RestartIce);
  d.Register(fbs::Method::transport_produce, Produce);
  d.Register(fbs::Method::transport_consume, Consume);
  d.Register(fbs::Method::transport_closeProducer, CloseProducer);
  d.Register(fbs::Method::transport_closeConsumer, CloseConsumer);
  d.Register(fbs::Method::transport_enableTraceEvent, EnableTraceEvent);
}

}  // namespace weir::channel
