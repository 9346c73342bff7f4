// worker.* methods (handlerId empty).

#include <sys/resource.h>
#include <unistd.h>

#include "channel/channel_endpoint.hpp"
#include "channel/convert/rtp_capabilities.hpp"
#include "channel/convert/transport.hpp"
#include "channel/convert/webrtc.hpp"
#include "channel/request_dispatcher.hpp"

namespace weir::channel {

namespace {

static_assert(static_cast<int>(fbs::LogLevel::debug) == static_cast<int>(base::LogLevel::kDebug));
static_assert(static_cast<int>(fbs::LogLevel::none) == static_cast<int>(base::LogLevel::kNone));
static_assert(static_cast<int>(fbs::LogTag::MAX) + 1 == static_cast<int>(base::LogTag::kCount));

flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>> StringVector(
    flatbuffers::FlatBufferBuilder& builder, const std::vector<std::string>& strings) {
  return builder.CreateVectorOfStrings(strings);
}

void Close(RequestContext& ctx) {
  ctx.endpoint.RequestClose();
}

void Dump(RequestContext& ctx) {
  auto& b = ctx.builder;
  const auto& c = ctx.endpoint.counters();
  auto& logger = base::Logger::Instance();
  std::vector<uint8_t> tags;
  for (uint32_t i = 0; i < static_cast<uint32_t>(base::LogTag::kCount); ++i) {
    if (logger.tags() & (1u << i)) tags.push_back(static_cast<uint8_t>(i));
  }
  auto channel = fbs::CreateChannelCounters(b, c.framesIn, c.framesOut, c.bytesIn, c.bytesOut,
                                            c.oversizedFrames, c.unverifiableBuffers,
                                            c.unexpectedMessages, c.requestsRejected);
  auto version = b.CreateString(ctx.endpoint.version);
  auto routerIds = StringVector(b, ctx.worker.RouterIds());
  auto serverIds = StringVector(b, ctx.worker.WebRtcServerIds());
  auto tagVector = b.CreateVector(reinterpret_cast<const fbs::LogTag*>(tags.data()), tags.size());
  auto backend = b.CreateString(ctx.endpoint.srtpBackend);
  fbs::WorkerDumpResponseBuilder dump(b);
  dump.add_version(version);
  dump.add_pid(static_cast<uint32_t>(getpid()));
  dump.add_routerIds(routerIds);
  dump.add_webRtcServerIds(serverIds);
  dump.add_channel(channel);
  dump.add_logLevel(static_cast<fbs::LogLevel>(logger.level()));
  dump.add_logTags(tagVector);
  dump.add_rtcMinPort(ctx.worker.settings().rtcMinPort);
  dump.add_rtcMaxPort(ctx.worker.settings().rtcMaxPort);
  dump.add_srtpBackend(backend);
  ctx.Answer(fbs::ResponseBody::worker_dump, dump.Finish());
}

uint64_t Millis(const timeval& tv) {
  return static_cast<uint64_t>(tv.tv_sec) * 1000 + static_cast<uint64_t>(tv.tv_usec) / 1000;
}

void GetResourceUsage(RequestContext& ctx) {
  rusage ru{};
  if (getrusage(RUSAGE_SELF, &ru) != 0) sfu::ThrowError("getrusage failed");
  auto u = [](long v) { return static_cast<uint64_t>(v); };
  auto body = fbs::CreateWorkerResourceUsageResponse(
      ctx.builder, Millis(ru.ru_utime), Millis(ru.ru_stime), u(ru.ru_maxrss), u(ru.ru_ixrss),
      u(ru.ru_idrss), u(ru.ru_isrss), u(ru.ru_minflt), u(ru.ru_majflt), u(ru.ru_nswap),
      u(ru.ru_inblock), u(ru.ru_oublock), u(ru.ru_msgsnd), u(ru.ru_msgrcv), u(ru.ru_nsignals),
      u(ru.ru_nvcsw), u(ru.ru_nivcsw));
  ctx.Answer(fbs::ResponseBody::worker_getResourceUsage, body);
}

void UpdateSettings(RequestContext& ctx) {
  const auto& body = ctx.Body<fbs::WorkerUpdateSettingsRequest>();
  auto level = body.logLevel();
  if (level > fbs::LogLevel::MAX)
    sfu::ThrowTypeError("invalid logLevel %d", static_cast<int>(level));
  uint32_t mask = 0;
  if (body.logTags() != nullptr) {
    for (auto tag : *body.logTags()) {
      auto index = static_cast<uint32_t>(tag);
      if (index > static_cast<uint32_t>(fbs::LogTag::MAX)) {
        sfu::ThrowTypeError("invalid logTags entry %u", index);
      }
      mask |= 1u << index;
    }
  }
  auto& logger = base::Logger::Instance();
  logger.SetLevel(static_cast<base::LogLevel>(level));
  logger.SetTags(mask);
}

void CreateRouter(RequestContext& ctx) {
  const auto& body = ctx.Body<fbs::WorkerCreateRouterRequest>();
  auto mediaCodecs = FromFbs(body.mediaCodecs(), "mediaCodecs");
  sfu::Router& router = ctx.worker.CreateRouter(body.routerId()->str(), mediaCodecs);
  auto caps = ToFbs(ctx.builder, router.rtpCapabilities());
  ctx.Answer(fbs::ResponseBody::worker_createRouter,
             fbs::CreateWorkerCreateRouterResponse(ctx.builder, caps));
}

void CloseRouter(RequestContext& ctx) {
  const auto& body = ctx.Body<fbs::WorkerCloseRouterRequest>();
  ctx.worker.CloseRouter(body.routerId()->str());
}

void CreateWebRtcServer(RequestContext& ctx) {
  const auto& body = ctx.Body<fbs::WorkerCreateWebRtcServerRequest>();
  std::vector<sfu::ListenInfo> listenInfos;
  for (flatbuffers::uoffset_t i = 0; i < body.listenInfos()->size(); ++i) {
    const auto* info = body.listenInfos()->Get(i);
    std::string path = absl::StrFormat("listenInfos[%u]", i);
    listenInfos.push_back(FromFbs(*info, path));
    if (listenInfos.back().port == 0) {
      sfu::ThrowTypeError("%s.port: a WebRtcServer listens on fixed ports", path);
    }
  }
  ctx.worker.CreateWebRtcServer(body.webRtcServerId()->str(), listenInfos);
}

void CloseWebRtcServer(RequestContext& ctx) {
  ctx.worker.CloseWebRtcServer(
      ctx.Body<fbs::WorkerCloseWebRtcServerRequest>().webRtcServerId()->str());
}

void DumpWebRtcServer(RequestContext& ctx) {
  sfu::WebRtcServer& server = ctx.worker.GetWebRtcServer(ctx.HandlerId());
  ctx.Answer(fbs::ResponseBody::webRtcServer_dump, channel::DumpWebRtcServer(ctx.builder, server));
}

}  // namespace

void RegisterWorkerHandlers(RequestDispatcher& d) {
  d.Register(fbs::Method::worker_close, Close);
  d.Register(fbs::Method::worker_dump, Dump);
  d.Register(fbs::Method::worker_getResourceUsage, GetResourceUsage);
  d.Register(fbs::Method::worker_updateSettings, UpdateSettings);
  d.Register(fbs::Method::worker_createRouter, CreateRouter);
  d.Register(fbs::Method::worker_closeRouter, CloseRouter);
  d.Register(fbs::Method::worker_createWebRtcServer, CreateWebRtcServer);
  d.Register(fbs::Method::worker_closeWebRtcServer, CloseWebRtcServer);
  d.Register(fbs::Method::webRtcServer_dump, DumpWebRtcServer);
}

}  // namespace weir::channel
