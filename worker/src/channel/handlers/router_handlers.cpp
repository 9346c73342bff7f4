// router.* methods (handlerId is the router id).

#include "channel/channel_endpoint.hpp"
#include "channel/convert/dumps.hpp"
#include "channel/convert/rtp_capabilities.hpp"
#include "channel/convert/transport.hpp"
#include "channel/convert/webrtc.hpp"
#include "channel/request_dispatcher.hpp"
#include "sfu/ortc/rtp_capabilities_validation.hpp"

namespace weir::channel {

namespace {

void Dump(RequestContext& ctx) {
  sfu::Router& router = ctx.worker.GetRouter(ctx.HandlerId());
  auto& b = ctx.builder;
  auto id = b.CreateString(router.id());
  auto transportIds = b.CreateVectorOfStrings(router.TransportIds());
  auto observerIds = b.CreateVectorOfStrings(router.rtpObservers().Ids());
  std::vector<flatbuffers::Offset<fbs::StringList>> producerObservers;
  for (const auto& [producerId, ids] : router.rtpObservers().ProducerObserverIds()) {
    auto key = b.CreateString(producerId);
    auto values = b.CreateVectorOfStrings(ids);
    producerObservers.push_back(fbs::CreateStringList(b, key, values));
  }
  auto mapProducerObservers = b.CreateVector(producerObservers);
  std::vector<flatbuffers::Offset<fbs::StringList>> producerConsumers;
  std::vector<flatbuffers::Offset<fbs::StringPair>> consumerProducer;
  const auto map = router.ProducerConsumerIds();
  for (const auto& [producerId, consumerIds] : map) {
    for (const auto& consumerId : consumerIds) {
      consumerProducer.push_back(
          fbs::CreateStringPairDirect(b, consumerId.c_str(), producerId.c_str()));
    }
  }
  for (const auto& [producerId, consumerIds] : map) {
    auto key = b.CreateString(producerId);
    auto values = b.CreateVectorOfStrings(consumerIds);
    producerConsumers.push_back(fbs::CreateStringList(b, key, values));
  }
  auto mapProducerConsumers = b.CreateVector(producerConsumers);
  auto mapConsumerProducer = b.CreateVector(consumerProducer);
  auto caps = ToFbs(b, router.rtpCapabilities());
  fbs::RouterDumpResponseBuilder dump(b);
  dump.add_id(id);
  dump.add_transportIds(transportIds);
  dump.add_rtpObserverIds(observerIds);
  dump.add_mapProducerIdConsumerIds(mapProducerConsumers);
  dump.add_mapConsumerIdProducerId(mapConsumerProducer);
  dump.add_mapProducerIdObserverIds(mapProducerObservers);
  dump.add_rtpCapabilities(caps);
  ctx.Answer(fbs::ResponseBody::router_dump, dump.Finish());
}

void CreatePlainTransport(RequestContext& ctx) {
  sfu::Router& router = ctx.worker.GetRouter(ctx.HandlerId());
  const auto& body = ctx.Body<fbs::RouterCreatePlainTransportRequest>();
  sfu::PlainTransportOptions options;
  options.listenInfo = FromFbs(*body.listenInfo(), "listenInfo");
  if (body.rtcpListenInfo())
    options.rtcpListenInfo = FromFbs(*body.rtcpListenInfo(), "rtcpListenInfo");
  options.rtcpMux = body.rtcpMux();
  options.comedia = body.comedia();
  options.enableSrtp = body.enableSrtp();
  if (body.srtpCryptoSuite()) {
    options.srtpCryptoSuite =
        SrtpSuiteFromName(body.srtpCryptoSuite()->string_view(), "srtpCryptoSuite");
  }
  if (ctx.worker.registry().transports.Contains(body.transportId()->str())) {
    sfu::ThrowInvalidState("a Transport with id '%s' already exists", body.transportId()->str());
  }
  sfu::PlainTransport& transport = router.CreatePlainTransport(body.transportId()->str(), options);
  ctx.Answer(fbs::ResponseBody::router_createPlainTransport, DumpTransport(ctx.builder, transport));
}

void CreateWebRtcTransport(RequestContext& ctx) {
  sfu::Router& router = ctx.worker.GetRouter(ctx.HandlerId());
  const auto& body = ctx.Body<fbs::RouterCreateWebRtcTransportRequest>();
  std::string transportId = body.transportId()->str();
  if (ctx.worker.registry().transports.Contains(transportId)) {
    sfu::ThrowInvalidState("a Transport with id '%s' already exists", transportId);
  }
  sfu::WebRtcTransportOptions options;
  if (body.webRtcServerId()) {
    options.server = &ctx.worker.GetWebRtcServer(body.webRtcServerId()->str());
  } else {
    if (!body.listenInfos() || body.listenInfos()->size() == 0) {
      sfu::ThrowTypeError("missing listenInfos (or webRtcServerId)");
    }
    for (flatbuffers::uoffset_t i = 0; i < body.listenInfos()->size(); ++i) {
      options.sockets.listenInfos.push_back(
          FromFbs(*body.listenInfos()->Get(i), absl::StrFormat("listenInfos[%u]", i)));
    }
    options.sockets.enableUdp = body.enableUdp();
    options.sockets.enableTcp = body.enableTcp();
    options.sockets.preferUdp = body.preferUdp();
    options.sockets.preferTcp = body.preferTcp();
  }
  options.initialAvailableOutgoingBitrate = body.initialAvailableOutgoingBitrate();
  options.enableSctp = body.enableSctp();
  sfu::WebRtcTransport& transport = router.CreateWebRtcTransport(transportId, options);
  ctx.Answer(fbs::ResponseBody::router_createWebRtcTransport,
             DumpTransport(ctx.builder, transport));
}

void CloseTransport(RequestContext& ctx) {
  sfu::Router& router = ctx.worker.GetRouter(ctx.HandlerId());
  const auto& body = ctx.Body<fbs::RouterCloseTransportRequest>();
  router.CloseTransport(body.transportId()->str());
}

void CanConsume(RequestContext& ctx) {
  sfu::Router& router = ctx.worker.GetRouter(ctx.HandlerId());
  const auto& body = ctx.Body<fbs::RouterCanConsumeRequest>();
  sfu::RtpCapabilities caps = FromFbs(*body.rtpCapabilities(), "rtpCapabilities");
  sfu::ortc::ValidateRtpCapabilities(caps, "rtpCapabilities");
  bool can = router.CanConsume(body.producerId()->str(), caps);
  ctx.Answer(fbs::ResponseBody::router_canConsume,
             fbs::CreateRouterCanConsumeResponse(ctx.builder, can));
}

}  // namespace

void RegisterRouterHandlers(RequestDispatcher& d) {
  d.Register(fbs::Method::router_dump, Dump);
  d.Register(fbs::Method::router_createPlainTransport, CreatePlainTransport);
  d.Register(fbs::Method::router_createWebRtcTransport, CreateWebRtcTransport);
  d.Register(fbs::Method::router_closeTransport, CloseTransport);
  d.Register(fbs::Method::router_canConsume, CanConsume);
}

}  // namespace weir::channel
