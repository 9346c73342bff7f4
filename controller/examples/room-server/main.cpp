// weir-room: a video-conference room server for browsers on libweir-controller. The composition
// root: options, workers, rooms, HTTP/WebSocket, all on one libuv loop.

#include <unistd.h>
#include <uv.h>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "http_server.hpp"
#include "options.hpp"
#include "room_registry.hpp"
#include "server_context.hpp"
#include "stats.hpp"
#include "token.hpp"
#include "worker_pool.hpp"

namespace {

using namespace weir::room;

nlohmann::json MediaCodecs() {
  return nlohmann::json::parse(R"([
    {"kind": "audio", "mimeType": "audio/opus", "clockRate": 48000, "channels": 2},
    {"kind": "video", "mimeType": "video/VP8", "clockRate": 90000},
    {"kind": "video", "mimeType": "video/H264", "clockRate": 90000,
     "parameters": {"packetization-mode": 1, "profile-level-id": "42e01f",
                    "level-asymmetry-allowed": 1}}])");
}

weir::WebRtcTransportOptions TransportOptions(const Options& options) {
  std::string ip = options.rtcListenIp;
  if (ip.empty()) ip = options.announcedIp.empty() ? "127.0.0.1" : "0.0.0.0";
  weir::WebRtcTransportOptions transport;
  for (weir::Protocol protocol : {weir::Protocol::kUdp, weir::Protocol::kTcp}) {
    transport.listenInfos.push_back(
        {.protocol = protocol, .ip = ip, .announcedAddress = options.announcedIp});
  }
  transport.preferUdp = true;
  return transport;
}

// Everything the loop runs, so that a signal can stop it in order.
struct Server {
  HttpServer* http = nullptr;
  RoomRegistry* rooms = nullptr;
  WorkerPool* pool = nullptr;
  uv_signal_t sigint{};
  uv_signal_t sigterm{};
  bool stopping = false;

  void Stop() {
    if (stopping) return;
    stopping = true;
    std::fprintf(stderr, "weir-room: shutting down\n");
    if (http) http->Stop();  // every session leaves its room
    if (rooms) rooms->CloseAll("server shutting down");
    if (pool) pool->Close();  // the loop ends once the workers have exited
    uv_close(reinterpret_cast<uv_handle_t*>(&sigint), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&sigterm), nullptr);
  }
};

// ../share/weir-room beside the running executable: where the build (target weir-room-web) and
// an install put the page bundle.
std::string DefaultWebRoot() {
  char path[4096];
  ssize_t n = ::readlink("/proc/self/exe", path, sizeof(path) - 1);
  if (n <= 0) return "share/weir-room";
  std::string exe(path, static_cast<size_t>(n));
  size_t slash = exe.rfind('/');
  return exe.substr(0, slash == std::string::npos ? 0 : slash) + "/../share/weir-room";
}

int MakeTokenCommand(const Options& options, const std::optional<std::string>& secret) {
  if (!secret) {
    std::fprintf(stderr, "weir-room: --make-token needs --secret-file or WEIR_ROOM_SECRET\n");
    return 2;
  }
  const MakeTokenRequest& request = *options.makeToken;
  int64_t expiry = static_cast<int64_t>(std::time(nullptr)) + request.ttlSeconds;
  std::printf("%s\n", MakeToken(*secret, request.roomId, request.peerId, expiry).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::StatusOr<Options> parsed = ParseOptions(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.ok()) {
    std::fprintf(stderr, "weir-room: %s\n", std::string(parsed.status().message()).c_str());
    return 2;
  }
  Options options = *std::move(parsed);
  if (options.help) {
    std::fputs(UsageText().c_str(), stdout);
    return 0;
  }
  absl::StatusOr<std::optional<std::string>> secret = LoadSecret(options);
  if (!secret.ok()) {
    std::fprintf(stderr, "weir-room: %s\n", std::string(secret.status().message()).c_str());
    return 2;
  }
  if (options.makeToken) return MakeTokenCommand(options, *secret);
  if (options.webRoot.empty()) options.webRoot = DefaultWebRoot();

  std::signal(SIGPIPE, SIG_IGN);
  uv_loop_t* loop = uv_default_loop();

  weir::WorkerSettings settings;
  settings.logLevel = weir::ParseLogLevel(options.workerLogLevel).value_or(weir::LogLevel::kWarn);
  settings.rtcMinPort = options.rtcMinPort;
  settings.rtcMaxPort = options.rtcMaxPort;
  // Documents from mediasoup-client carry fields Weir does not model.
  settings.ignoreUnknownJsonFields = true;
  size_t count = options.workers;
  if (count == 0) count = std::max(1u, std::thread::hardware_concurrency());

  WorkerPool pool(loop, settings);
  RoomRegistry rooms(pool, MediaCodecs());
  // Signals first: a SIGTERM during start-up still closes the workers.
  Server server{nullptr, &rooms, &pool};
  for (auto [handle, signum] :
       {std::pair{&server.sigint, SIGINT}, std::pair{&server.sigterm, SIGTERM}}) {
    uv_signal_init(loop, handle);
    handle->data = &server;
    uv_signal_start(
        handle, [](uv_signal_t* h, int) { static_cast<Server*>(h->data)->Stop(); }, signum);
  }
  pool.OnWorkerDied([&pool](const weir::Worker& worker, const weir::WorkerExit& exit) {
    std::fprintf(stderr, "weir-room: worker %d died (%s); its rooms are closed, %zu left\n",
                 worker.pid(), exit.Describe().c_str(), pool.workers().size());
  });
  if (absl::Status started = pool.Start(count); !started.ok()) {
    std::fprintf(stderr, "weir-room: %s\n", std::string(started.message()).c_str());
    server.Stop();
    uv_run(loop, UV_RUN_DEFAULT);
    return 1;
  }
  ServerContext context{rooms, *secret, TransportOptions(options)};
  StatsCollector stats(loop, rooms, pool);
  HttpServer http(loop, context, stats,
                  {options.listenHost, options.listenPort, options.tlsCertFile, options.tlsKeyFile,
                   options.webRoot});
  if (absl::Status started = http.Start(); !started.ok()) {
    std::fprintf(stderr, "weir-room: %s\n", std::string(started.message()).c_str());
    server.Stop();
    // The same two-step teardown of the lws context as at a normal exit: run its handles' closes
    // first (the second destroy, then, frees what is left), or the loop crashed on them.
    uv_run(loop, UV_RUN_DEFAULT);
    http.FinishDestroy();
    uv_run(loop, UV_RUN_DEFAULT);
    return 1;
  }
  std::fprintf(stderr,
               "weir-room: listening on %s://%s:%d/ (%zu workers, tokens %s, web root %s)\n",
               options.tlsCertFile.empty() ? "http" : "https", options.listenHost.c_str(),
               http.port(), count, *secret ? "required" : "not required", options.webRoot.c_str());

  server.http = &http;
  uv_run(loop, UV_RUN_DEFAULT);
  http.FinishDestroy();
  uv_run(loop, UV_RUN_DEFAULT);
  int closed = uv_loop_close(loop);
  if (closed != 0) std::fprintf(stderr, "weir-room: the loop still had handles at exit\n");
  return 0;
}
