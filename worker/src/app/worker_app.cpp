#include "app/worker_app.hpp"

#include <unistd.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "channel/channel_endpoint.hpp"
#include "channel/channel_notifier.hpp"
#include "deps/deps.hpp"
#include "engine/dtls/dtls_certificate.hpp"
#include "engine/dtls/dtls_context.hpp"
#include "io/channel_pipe.hpp"
#include "io/clock.hpp"
#include "io/signal_watcher.hpp"
#include "io/uv_network.hpp"
#include "sfu/worker.hpp"

#ifndef WEIR_VERSION
#define WEIR_VERSION "0.0.0"
#endif

namespace weir::app {

namespace {

// Adapts the channel pipe to the endpoint's FrameSink: logs are the first thing dropped when the
// controller stops reading.
class PipeSink : public channel::FrameSink {
 public:
  void Attach(io::ChannelPipe* pipe) { pipe_ = pipe; }
  bool WriteFrame(base::ByteView payload, channel::FrameClass cls) override {
    return pipe_ != nullptr && pipe_->Write(payload, cls == channel::FrameClass::kLog);
  }

 private:
  io::ChannelPipe* pipe_ = nullptr;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw WorkerOptionsError("cannot read '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The worker's one DTLS identity: loaded from the files given, or a fresh ECDSA P-256 one.
std::unique_ptr<engine::DtlsCertificate> LoadCertificate(const WorkerOptions& options) {
  std::string error;
  std::unique_ptr<engine::DtlsCertificate> certificate;
  if (!options.dtlsCertificateFile.empty()) {
    certificate = engine::DtlsCertificate::FromPem(ReadFile(options.dtlsCertificateFile),
                                                   ReadFile(options.dtlsPrivateKeyFile), &error);
    if (!certificate) throw WorkerOptionsError("--dtls-certificate-file: " + error);
  } else {
    certificate = engine::DtlsCertificate::Generate(io::Now(), &error);
    if (!certificate) throw std::runtime_error("cannot generate a DTLS certificate: " + error);
  }
  return certificate;
}

}  // namespace

struct WorkerApp::State {
  uv_loop_t loop{};
  PipeSink sink;
  io::SystemClock clock;
  std::unique_ptr<io::UvNetwork> network;
  channel::ChannelNotifier notifier;
  std::unique_ptr<engine::DtlsCertificate> certificate;
  std::unique_ptr<engine::DtlsContext> dtls;
  std::unique_ptr<sfu::Environment> env;
  std::unique_ptr<sfu::Worker> worker;
  std::unique_ptr<channel::ChannelEndpoint> endpoint;
  std::unique_ptr<io::ChannelPipe> pipe;
  std::unique_ptr<io::SignalWatcher> signals;
  bool shuttingDown = false;

  void Shutdown(const char* why) {
    if (shuttingDown) return;
    shuttingDown = true;
    WEIR_DEBUG(kInfo, "closing: %s", why);
    worker->Close();
    signals->Stop();
    base::Logger::Instance().SetSink(nullptr);
    pipe->Shutdown(nullptr);
  }
};

WorkerApp::WorkerApp(const WorkerOptions& options) : state_(std::make_unique<State>()) {
  deps::InitializeLibraries();
  uv_loop_init(&state_->loop);
  auto& logger = base::Logger::Instance();
  logger.SetLevel(options.logLevel);
  logger.SetTags(options.logTags);

  sfu::WorkerSettings settings;
  settings.rtcMinPort = options.rtcMinPort;
  settings.rtcMaxPort = options.rtcMaxPort;
  State* s = state_.get();
  io::NetworkSettings networkSettings;
  networkSettings.rtcMinPort = options.rtcMinPort;
  networkSettings.rtcMaxPort = options.rtcMaxPort;
  s->network = std::make_unique<io::UvNetwork>(&s->loop, networkSettings);
  s->certificate = LoadCertificate(options);
  std::string error;
  s->dtls = engine::DtlsContext::Create(*s->certificate, engine::DtlsOptions{}, &error);
  if (!s->dtls) throw std::runtime_error("DTLS context: " + error);
  s->env = std::make_unique<sfu::Environment>(
      sfu::Environment{s->clock, *s->network, s->notifier, s->certificate.get(), s->dtls.get()});
  s->worker = std::make_unique<sfu::Worker>(settings, *s->env);
  s->endpoint = std::make_unique<channel::ChannelEndpoint>(*s->worker, s->sink);
  s->notifier.Attach(s->endpoint.get());
  s->endpoint->version = WEIR_VERSION;
  s->endpoint->srtpBackend = deps::SrtpBackendName();
  s->endpoint->SetCloseRequestedCallback([s] { s->Shutdown("worker.close"); });
  s->pipe = std::make_unique<io::ChannelPipe>(
      &s->loop, options.channelFd,
      [s](base::ByteView bytes) {
        if (!s->shuttingDown) s->endpoint->HandleBytes(bytes);
      },
      [s] { s->Shutdown("channel closed by the controller"); });
  s->sink.Attach(s->pipe.get());
  s->signals = std::make_unique<io::SignalWatcher>(
      &s->loop, [s](int signum) { s->Shutdown(signum == SIGTERM ? "SIGTERM" : "SIGINT"); });
  logger.SetSink(s->endpoint.get());
}

WorkerApp::~WorkerApp() {
  base::Logger::Instance().SetSink(nullptr);
  // Handles were closed by Shutdown(); run the loop once more so their close callbacks free them.
  uv_run(&state_->loop, UV_RUN_DEFAULT);
  state_->worker.reset();
  state_->network.reset();
  uv_run(&state_->loop, UV_RUN_DEFAULT);
  state_->pipe.reset();
  state_->signals.reset();
  uv_loop_close(&state_->loop);
}

int WorkerApp::Run() {
  State* s = state_.get();
  s->endpoint->Notify("", fbs::Event::worker_running, fbs::NotificationBody::worker_running,
                      [](flatbuffers::FlatBufferBuilder& b) {
                        auto version = b.CreateString(WEIR_VERSION);
                        return fbs::CreateWorkerRunningNotification(b, version,
                                                                    static_cast<uint32_t>(getpid()))
                            .Union();
                      });
  uv_run(&s->loop, UV_RUN_DEFAULT);
  return 0;
}

}  // namespace weir::app
