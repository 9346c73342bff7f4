// bench_forward: one RTP producer fanned out to N PlainTransport consumers on loopback by the
// worker, beside a bare UDP fan-out relay (bench_forward_relay) measured the same way in the
// same run. See bench/forward/README.md for what is measured and how.
//
//   bench_forward [--rate PPS] [--duration S] [--repeat K] [--counts 1,10,100] [--no-pin] [--nice
//   N]
//                 [--srtp | --no-srtp] [--no-saturation] [--no-idle] [--idle-consumers N]
//                 [--worker PATH] [--relay PATH] [--worker-arg ARG]...

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "measure.hpp"
#include "proc_stats.hpp"
#include "relay_process.hpp"
#include "report.hpp"
#include "traffic.hpp"
#include "worker_fanout.hpp"

namespace weir::bench {
namespace {

std::string Beside(const char* argv0, const std::string& name) {
  std::string self = argv0;
  size_t slash = self.rfind('/');
  return slash == std::string::npos ? name : self.substr(0, slash + 1) + name;
}

void RaiseFileLimit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

class Bench {
 public:
  explicit Bench(const Options& o) : o_(o), session_(o.workerPath, o.workerArgs) {
    Place(getpid(), kBenchCpu);
    Place(session_.pid(), kForwarderCpu);
  }

  // Pins and renices a process (and its threads; later threads inherit from their creator).
  void Place(pid_t pid, int cpu) {
    if (o_.pin) PinToCpu(pid, cpu, true);
    if (o_.nice != 0) Renice(pid, o_.nice);
  }

  // Best of `repeat` runs (least CPU per packet), relay and worker interleaved.
  std::pair<RunResult, RunResult> FixedRate(size_t n) {
    Receivers receivers(n, false);
    std::optional<RunResult> relayBest, workerBest;
    for (int rep = 0; rep < o_.repeat; ++rep) {
      {
        RelayProcess relay(o_.relayPath, receivers.ports(), o_.bufferSize);
        Place(relay.pid(), kForwarderCpu);
        Keep(relayBest, Run({relay.pid(), relay.inPort()}, receivers, nullptr, o_.rate));
      }
      Sender sender({});
      WorkerFanout fanout(session_, {sender.port(), receivers.ports(), false});
      sender.Configure(fanout.inPort(), std::nullopt);
      Keep(workerBest, Run({session_.pid(), fanout.inPort()}, receivers, &sender, o_.rate));
    }
    return {*relayBest, *workerBest};
  }

  RunResult Srtp(size_t n) {
    std::optional<RunResult> best;
    for (int rep = 0; rep < o_.repeat; ++rep) {
      Receivers receivers(n, true);
      Sender sender({});
      WorkerFanout fanout(session_, {sender.port(), receivers.ports(), true});
      sender.Configure(fanout.inPort(), fanout.senderKey());
      receivers.SetFirstKey(fanout.firstConsumerKey());
      Keep(best, Run({session_.pid(), fanout.inPort()}, receivers, &sender, o_.rate));
    }
    return *best;
  }

  Saturation Saturate(size_t n, bool worker) {
    Receivers receivers(n, false);
    Sender sender({});
    std::optional<RelayProcess> relay;
    std::optional<WorkerFanout> fanout;
    Forwarder forwarder{};
    if (worker) {
      fanout.emplace(session_, FanoutOptions{sender.port(), receivers.ports(), false});
      forwarder = {session_.pid(), fanout->inPort()};
    } else {
      relay.emplace(o_.relayPath, receivers.ports(), o_.bufferSize);
      Place(relay->pid(), kForwarderCpu);
      forwarder = {relay->pid(), relay->inPort()};
    }
    sender.Configure(forwarder.inPort, std::nullopt);
    Measure(session_, forwarder, sender, receivers, 1000, 0.3);  // Warm-up.
    return SearchMaxRate([&](double rate) {
      return Measure(session_, forwarder, sender, receivers, rate, o_.stepSeconds);
    });
  }

  IdleMemory Idle() {
    // A fresh worker, so that freed memory of earlier runs does not hide what consumers cost.
    WorkerSession session(o_.workerPath, o_.workerArgs);
    Place(session.pid(), kForwarderCpu);
    WorkerFanout fanout(session, {1, {}, false});
    IdleMemory m;
    m.count = o_.idleConsumers;
    session.RunFor(std::chrono::milliseconds(100));
    m.baseKiB = RssKiB(session.pid());
    CreateIdleConsumers(session, fanout, m.count, true, "idle-own");
    session.RunFor(std::chrono::milliseconds(100));
    m.withTransportsKiB = RssKiB(session.pid());
    CreateIdleConsumers(session, fanout, m.count, false, "idle-shared");
    session.RunFor(std::chrono::milliseconds(100));
    m.sharedKiB = RssKiB(session.pid());
    return m;
  }

 private:
  static constexpr int kBenchCpu = 0;
  static constexpr int kForwarderCpu = 1;

  static void Keep(std::optional<RunResult>& best, const RunResult& r) {
    if (!best || r.cpuPerMillion() < best->cpuPerMillion()) best = r;
  }

  // Warm-up (the worker's consumers wait for the first keyframe), then the measured run.
  RunResult Run(const Forwarder& f, Receivers& receivers, Sender* given, double rate) {
    std::optional<Sender> own;
    Sender* sender = given;
    if (sender == nullptr) {
      own.emplace(Sender::Options{});
      own->Configure(f.inPort, std::nullopt);
      sender = &*own;
    }
    Measure(session_, f, *sender, receivers, rate, 0.3);
    return Measure(session_, f, *sender, receivers, rate, o_.seconds);
  }

  const Options& o_;
  WorkerSession session_;
};

std::optional<Options> ParseOptions(int argc, char* argv[]) {
  Options o;
  o.workerPath = Beside(argv[0], "weir-worker");
  o.relayPath = Beside(argv[0], "bench_forward_relay");
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "bench_forward: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--rate")
      o.rate = std::atof(value().c_str());
    else if (a == "--duration")
      o.seconds = std::atof(value().c_str());
    else if (a == "--step-duration")
      o.stepSeconds = std::atof(value().c_str());
    else if (a == "--repeat")
      o.repeat = std::max(1, std::atoi(value().c_str()));
    else if (a == "--counts")
      o.counts = ParseCounts(value());
    else if (a == "--no-pin")
      o.pin = false;
    else if (a == "--nice")
      o.nice = std::atoi(value().c_str());
    else if (a == "--srtp")
      o.plain = false;
    else if (a == "--no-srtp")
      o.srtp = false;
    else if (a == "--no-saturation")
      o.saturation = false;
    else if (a == "--no-idle")
      o.idle = false;
    else if (a == "--idle-consumers")
      o.idleConsumers = std::strtoul(value().c_str(), nullptr, 10);
    else if (a == "--worker")
      o.workerPath = value();
    else if (a == "--relay")
      o.relayPath = value();
    else if (a == "--worker-arg")
      o.workerArgs.push_back(value());
    else {
      std::fprintf(stderr, "bench_forward: unknown option %s (see the top of forward_bench.cpp)\n",
                   a.c_str());
      return std::nullopt;
    }
  }
  return o;
}

}  // namespace
}  // namespace weir::bench

int main(int argc, char* argv[]) {
  using namespace weir::bench;
  auto options = ParseOptions(argc, argv);
  if (!options) return 2;
  const Options& o = *options;
  RaiseFileLimit();
  // On a shared machine, the bench's processes are one scheduling group against the others.
  std::optional<int> autogroup = o.nice != 0 ? ReniceAutogroup(o.nice) : std::nullopt;
  Report report(o);
  report.Header();
  Bench bench(o);
  if (o.plain) {
    for (size_t n : o.counts) {
      auto [relay, worker] = bench.FixedRate(n);
      report.FixedRate(n, relay, worker);
    }
  }
  if (o.srtp) {
    for (size_t n : o.counts)
      report.Srtp(n, bench.Srtp(n));
  }
  if (o.plain && o.saturation) {
    Saturation relay = bench.Saturate(10, false);
    Saturation worker = bench.Saturate(10, true);
    report.Saturated(10, relay, worker);
  }
  if (o.idle) report.Idle(bench.Idle());
  report.Goals();
  if (autogroup) ReniceAutogroup(*autogroup);
  return 0;
}
