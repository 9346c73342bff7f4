// bench_channel: requests per second and p50/p99 round trip of worker.dump through
// libweir-controller (Worker::Dump: encode, socketpair, worker, verify, JSON body), beside a raw
// socketpair ping-pong of the same frame sizes with a child that only echoes, in the same run.
//
//   bench_channel [--count N] [--window W] [--worker PATH]

#include <uv.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "raw_echo.hpp"
#include "weir/controller.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
  double roundTripsPerSecond = 0;  // one request in flight
  double p50Us = 0;
  double p99Us = 0;
  double pipelinedPerSecond = 0;  // `window` requests in flight
};

Figures Summarize(std::vector<double> samplesUs, double pipelinedPerSecond) {
  std::sort(samplesUs.begin(), samplesUs.end());
  double total = 0;
  for (double s : samplesUs)
    total += s;
  Figures f;
  f.roundTripsPerSecond = 1e6 * static_cast<double>(samplesUs.size()) / total;
  f.p50Us = samplesUs[samplesUs.size() / 2];
  f.p99Us = samplesUs[samplesUs.size() * 99 / 100];
  f.pipelinedPerSecond = pipelinedPerSecond;
  return f;
}

double Micros(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

class ControllerBench {
 public:
  explicit ControllerBench(const std::string& workerPath) {
    uv_loop_init(&loop_);
    weir::WorkerSettings settings;
    settings.workerPath = workerPath;
    auto spawned = weir::Worker::Spawn(&loop_, settings);
    if (!spawned.ok()) {
      std::fprintf(stderr, "bench_channel: %s\n", spawned.status().ToString().c_str());
      std::exit(1);
    }
    worker_ = *std::move(spawned);
    bool running = false;
    worker_->OnRunning([&](const weir::WorkerRunning&) { running = true; });
    while (!running)
      uv_run(&loop_, UV_RUN_ONCE);
  }
  ~ControllerBench() {
    worker_->Close();
    uv_run(&loop_, UV_RUN_DEFAULT);
    worker_.reset();
    uv_run(&loop_, UV_RUN_DEFAULT);
    uv_loop_close(&loop_);
  }

  // Frame sizes (payload, without the 4-byte prefix) of one worker.dump exchange.
  std::pair<uint32_t, uint32_t> MeasureSizes() {
    weir::ChannelStats before = worker_->channelStats();
    Sequential(1);
    weir::ChannelStats after = worker_->channelStats();
    return {static_cast<uint32_t>(after.bytesOut - before.bytesOut - 4),
            static_cast<uint32_t>(after.bytesIn - before.bytesIn - 4)};
  }

  std::vector<double> Sequential(int count) {
    std::vector<double> samples;
    samples.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
      bool done = false;
      auto start = Clock::now();
      worker_->Dump([&](absl::StatusOr<nlohmann::json> dump) {
        if (!dump.ok()) {
          std::fprintf(stderr, "bench_channel: %s\n", dump.status().ToString().c_str());
          std::exit(1);
        }
        samples.push_back(Micros(Clock::now() - start));
        done = true;
      });
      while (!done)
        uv_run(&loop_, UV_RUN_ONCE);
    }
    return samples;
  }

  double Pipelined(int count, int window) {
    int sent = 0, received = 0;
    std::function<void()> fill = [&] {
      while (sent < count && sent - received < window) {
        ++sent;
        worker_->Dump([&](absl::StatusOr<nlohmann::json>) {
          ++received;
          fill();
        });
      }
    };
    auto start = Clock::now();
    fill();
    while (received < count)
      uv_run(&loop_, UV_RUN_ONCE);
    return 1e6 * count / Micros(Clock::now() - start);
  }

 private:
  uv_loop_t loop_;
  std::shared_ptr<weir::Worker> worker_;
};

}  // namespace

int main(int argc, char* argv[]) {
  int count = 20000;
  int window = 64;
  std::string workerPath;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    if (name == "--count")
      count = std::atoi(argv[i + 1]);
    else if (name == "--window")
      window = std::atoi(argv[i + 1]);
    else if (name == "--worker")
      workerPath = argv[i + 1];
  }
  // The raw child is forked first, before any loop or worker exists.
  weir::bench::RawEcho raw;
  ControllerBench controller(workerPath);
  auto [requestSize, responseSize] = controller.MeasureSizes();

  controller.Sequential(count / 10);  // warm-up
  for (int i = 0; i < count / 10; ++i)
    raw.RoundTrip(requestSize, responseSize);

  std::vector<double> rawSamples;
  rawSamples.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    auto start = Clock::now();
    raw.RoundTrip(requestSize, responseSize);
    rawSamples.push_back(Micros(Clock::now() - start));
  }
  double rawPipelined =
      1e9 * count /
      static_cast<double>(raw.Pipelined(requestSize, responseSize, count, window).count());
  Figures rawFigures = Summarize(std::move(rawSamples), rawPipelined);

  std::vector<double> samples = controller.Sequential(count);
  double pipelined = controller.Pipelined(count, window);
  Figures ctl = Summarize(std::move(samples), pipelined);

  std::printf(
      "channel bench: worker.dump, request %u B, response %u B (payloads; +4 B prefix), "
      "%d requests, pipelined window %d\n",
      requestSize, responseSize, count, window);
  std::printf("%-28s %14s %10s %10s %18s\n", "", "round trips/s", "p50 us", "p99 us",
              "pipelined req/s");
  auto row = [](const char* name, const Figures& f) {
    std::printf("%-28s %14.0f %10.1f %10.1f %18.0f\n", name, f.roundTripsPerSecond, f.p50Us,
                f.p99Us, f.pipelinedPerSecond);
  };
  row("raw socketpair echo", rawFigures);
  row("controller (Worker::Dump)", ctl);
  std::printf("%-28s %14.2f %10.2f %10.2f %18.2f\n", "ratio controller/raw",
              ctl.roundTripsPerSecond / rawFigures.roundTripsPerSecond,
              ctl.p50Us / rawFigures.p50Us, ctl.p99Us / rawFigures.p99Us,
              ctl.pipelinedPerSecond / rawFigures.pipelinedPerSecond);
  return 0;
}
