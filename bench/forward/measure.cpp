#include "measure.hpp"

#include <chrono>

#include "proc_stats.hpp"

namespace weir::bench {

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

uint64_t DropsAt(const std::map<uint16_t, uint64_t>& drops, uint16_t port) {
  auto it = drops.find(port);
  return it == drops.end() ? 0 : it->second;
}

}  // namespace

RunResult Measure(WorkerSession& session, const Forwarder& forwarder, Sender& sender,
                  Receivers& receivers, double rate, double seconds) {
  RunResult r;
  r.rate = rate;
  r.sent = static_cast<uint64_t>(rate * seconds);
  r.expected = r.sent * receivers.count();
  auto drops0 = UdpDropsByPort();
  receivers.ResetContinuity();
  auto before = receivers.Take();
  double cpu0 = CpuSeconds(forwarder.pid);
  auto start = Clock::now();
  sender.Start(rate, r.sent);
  session.RunUntil([&] { return !sender.busy(); });
  sender.Wait();
  r.seconds = SecondsSince(start);
  r.maxBurst = sender.maxBurst();
  // Drain: until everything arrived, or nothing more arrives for 100 ms (at most 3 s).
  auto drainStart = Clock::now();
  uint64_t last = receivers.Take().Total();
  auto lastChange = Clock::now();
  session.RunUntil([&] {
    uint64_t now = receivers.Take().Total();
    if (now != last) {
      last = now;
      lastChange = Clock::now();
    }
    return now - before.Total() >= r.expected || SecondsSince(lastChange) > 0.1 ||
           SecondsSince(drainStart) > 3;
  });
  r.cpuSeconds = CpuSeconds(forwarder.pid) - cpu0;
  r.wallSeconds = SecondsSince(start);
  r.rssKiB = RssKiB(forwarder.pid);
  auto diff = receivers.Take() - before;
  auto drops1 = UdpDropsByPort();
  r.delivered = diff.Total();
  r.latency = diff.latency;
  r.gaps = diff.gaps;
  r.reordered = diff.reordered;
  r.decryptFailures = diff.decryptFailures;
  r.inputDrops = DropsAt(drops1, forwarder.inPort) - DropsAt(drops0, forwarder.inPort);
  for (uint16_t port : receivers.ports())
    r.receiverDrops += DropsAt(drops1, port) - DropsAt(drops0, port);
  return r;
}

Saturation SearchMaxRate(const std::function<RunResult(double)>& measure, double start,
                         double maxLossPercent) {
  constexpr double kCap = 400000;
  Saturation s;
  double good = 0, bad = 0;
  auto step = [&](double rate) {
    RunResult r = measure(rate);
    s.steps.push_back(r);
    bool pass = r.lossPercent() < maxLossPercent;
    if (pass && rate > good) {
      good = rate;
      s.atMax = r;
    }
    if (!pass) bad = rate;
    return pass;
  };
  double rate = start;
  while (step(rate) && rate < kCap)
    rate *= 1.5;
  while (good == 0 && rate > 100) {  // Even the start rate loses: look below it.
    rate /= 2;
    step(rate);
  }
  for (int i = 0; i < 3 && good > 0 && bad > good; ++i)
    step((good + bad) / 2);
  s.maxRate = good;
  return s;
}

}  // namespace weir::bench
