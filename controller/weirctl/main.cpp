// weirctl: a JSON command line for a weir-worker. Every request goes through the controller
// library's generic Request(method, handlerId, body) path, and every conversion through the
// schema-driven codec: there is no per-method code here, so methods added to the schema work at
// once.

#include <uv.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "json_lines.hpp"
#include "line_reader.hpp"
#include "weir/controller.hpp"
#include "weirctl_options.hpp"

namespace weir::weirctl {

namespace {

constexpr uint64_t kStartTimeoutMs = 10000;

class Session {
 public:
  Session(uv_loop_t* loop, Options options) : loop_(loop), options_(std::move(options)) {}

  int Run() {
    absl::StatusOr<std::shared_ptr<Worker>> spawned = Worker::Spawn(loop_, options_.settings);
    if (!spawned.ok()) {
      std::fprintf(stderr, "weirctl: %s\n", spawned.status().ToString().c_str());
      return 1;
    }
    worker_ = *std::move(spawned);  // no second reference left in `spawned`
    worker_->OnLog([](const LogEntry& entry) { WriteLine(LogLine(entry)); });
    if (!options_.call) {
      worker_->SubscribeAll(
          [](const Notification& notification) { WriteLine(NotificationLine(notification)); });
    }
    worker_->OnDied([this](const WorkerExit& exit) {
      died_ = true;
      std::string message = "worker " + std::to_string(exit.pid) + " died: " + exit.Describe() +
                            (exit.stderrTail.empty() ? "" : " (" + exit.stderrTail + ")");
      WriteLine(ErrorLine(message));
      if (reader_) reader_->Stop();
    });
    worker_->OnRunning([this](const WorkerRunning&) { Begin(); });

    uv_timer_init(loop_, &startTimer_);
    startTimer_.data = this;
    uv_timer_start(
        &startTimer_,
        [](uv_timer_t* timer) {
          auto* self = static_cast<Session*>(timer->data);
          WriteLine(ErrorLine("the worker did not report worker.running in time"));
          self->died_ = true;
          self->worker_->Close();
        },
        kStartTimeoutMs, 0);

    uv_run(loop_, UV_RUN_DEFAULT);
    uv_close(reinterpret_cast<uv_handle_t*>(&startTimer_), nullptr);
    reader_.reset();
    worker_.reset();
    uv_run(loop_, UV_RUN_DEFAULT);  // lets the closed handles go
    if (died_) return 1;
    return options_.call && !accepted_ ? 1 : 0;
  }

 private:
  void Begin() {
    uv_timer_stop(&startTimer_);
    if (options_.call) {
      ++outstanding_;
      worker_->Request(options_.method, options_.handlerId, options_.body,
                       [this](absl::StatusOr<nlohmann::json> result) {
                         accepted_ = result.ok();
                         WriteLine(ResponseLine(1, result));
                         --outstanding_;
                         eof_ = true;
                         MaybeFinish();
                       });
      return;
    }
    reader_ = std::make_unique<LineReader>(
        loop_, 0, [this](std::string_view line) { HandleLine(line); },
        [this] {
          eof_ = true;
          MaybeFinish();
        });
  }

  void HandleLine(std::string_view text) {
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) return;  // blank line
    nlohmann::json line;
    try {
      line = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& error) {
      WriteLine(ErrorLine(std::string("invalid JSON: ") + error.what()));
      return;
    }
    if (!line.is_object() || !line.contains("method") || !line["method"].is_string()) {
      WriteLine(ErrorLine("a request is an object with a \"method\" string"));
      return;
    }
    uint64_t id = 0;
    if (line.contains("id")) {
      if (!line["id"].is_number_unsigned()) {
        WriteLine(ErrorLine("\"id\" must be an unsigned integer"));
        return;
      }
      id = line["id"].get<uint64_t>();
      lastId_ = std::max(lastId_, id);
    } else {
      id = ++lastId_;
    }
    std::string handlerId;
    if (line.contains("handlerId")) {
      if (!line["handlerId"].is_string()) {
        WriteLine(ErrorLine("\"handlerId\" must be a string"));
        return;
      }
      handlerId = line["handlerId"].get<std::string>();
    }
    nlohmann::json body = line.contains("body") ? line["body"] : nlohmann::json();
    ++outstanding_;
    worker_->Request(line["method"].get<std::string>(), handlerId, body,
                     [this, id](absl::StatusOr<nlohmann::json> result) {
                       WriteLine(ResponseLine(id, result));
                       --outstanding_;
                       MaybeFinish();
                     });
  }

  void MaybeFinish() {
    if (!eof_ || outstanding_ > 0 || closing_) return;
    closing_ = true;
    worker_->Close();  // the loop ends once the worker has exited
  }

  uv_loop_t* loop_;
  Options options_;
  std::shared_ptr<Worker> worker_;
  std::unique_ptr<LineReader> reader_;
  uv_timer_t startTimer_{};
  uint64_t lastId_ = 0;
  int outstanding_ = 0;
  bool eof_ = false;
  bool closing_ = false;
  bool died_ = false;
  bool accepted_ = false;
};

}  // namespace

}  // namespace weir::weirctl

int main(int argc, char* argv[]) {
  std::vector<std::string> args(argv + 1, argv + argc);
  weir::weirctl::ParsedOptions parsed = weir::weirctl::ParseOptions(args);
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "weirctl: %s\n(try --help)\n", parsed.error.c_str());
    return 2;
  }
  if (parsed.options.help) {
    std::fputs(weir::weirctl::Usage().c_str(), stdout);
    return 0;
  }
  uv_loop_t loop;
  uv_loop_init(&loop);
  int code = weir::weirctl::Session(&loop, std::move(parsed.options)).Run();
  // The Session's last objects close their handles as they go: let those closes finish.
  uv_run(&loop, UV_RUN_DEFAULT);
  if (uv_loop_close(&loop) != 0) std::fprintf(stderr, "weirctl: handles left open at exit\n");
  return code;
}
