// router.* methods (handlerId is the router id).

#include "channel/channel_endpoint.hpp"
#include "channel/convert/rtp_capabilities.hpp"
#include "channel/request_dispatcher.hpp"

namespace weir::channel {

namespace {

void Dump(RequestContext& ctx) {
  sfu::Router& router = ctx.worker.GetRouter(ctx.HandlerId());
  auto& b = ctx.builder;
  auto id = b.CreateString(router.id());
  auto empty = b.CreateVectorOfStrings(std::vector<std::string>{});
  auto caps = ToFbs(b, router.rtpCapabilities());
  fbs::RouterDumpResponseBuilder dump(b);
  dump.add_id(id);
  dump.add_transportIds(empty);
  dump.add_rtpObserverIds(empty);
  dump.add_rtpCapabilities(caps);
  ctx.Answer(fbs::ResponseBody::router_dump, dump.Finish());
}

}  // namespace

void RegisterRouterHandlers(RequestDispatcher& d) {
  d.Register(fbs::Method::router_dump, Dump);
}

}  // namespace weir::channel
