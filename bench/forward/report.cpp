#include "report.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "proc_stats.hpp"

namespace weir::bench {

namespace {

constexpr double kMaxCpuRatio = 1.3;
constexpr double kMinRateRatio = 0.85;
constexpr double kMaxRssBytes = 10e6;
constexpr double kMaxIdleConsumerKiB = 64;

int GrantedReceiveBuffer(int option, int asked) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (setsockopt(fd, SOL_SOCKET, option, &asked, sizeof(asked)) != 0) {
    close(fd);
    return -1;
  }
  int granted = 0;
  socklen_t len = sizeof(granted);
  getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &granted, &len);
  close(fd);
  return granted;
}

std::string ReadLine(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

double Mib(uint64_t kib) {
  return static_cast<double>(kib) / 1024.0;
}

void Row(const char* name, const RunResult& r) {
  std::printf("  %-14s %12.0f %9.3f %11.3f %8.0f %8.0f %8.1f %8.0f%%   in %llu / out %llu\n", name,
              r.deliveredPerSecond(), r.lossPercent(), r.cpuPerMillion(), r.latency.Percentile(0.5),
              r.latency.Percentile(0.99), Mib(r.rssKiB), 100 * r.utilization(),
              static_cast<unsigned long long>(r.inputDrops),
              static_cast<unsigned long long>(r.receiverDrops));
}

void Verdict(const char* goal, bool met, const std::string& figure) {
  std::printf("  %-62s %-22s %s\n", goal, figure.c_str(), met ? "goal met" : "goal missed");
}

std::string Format(const char* fmt, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), fmt, value);
  return buffer;
}

}  // namespace

double IdleMemory::perConsumerWithTransport() const {
  return count == 0 ? 0 : static_cast<double>(withTransportsKiB - baseKiB) / count;
}

double IdleMemory::perConsumerShared() const {
  return count == 0 ? 0 : static_cast<double>(sharedKiB - withTransportsKiB) / count;
}

void Report::Header() {
  std::printf(
      "forward bench: 1 producer -> N PlainTransport consumers on 127.0.0.1, %.0f-byte RTP "
      "(VP8, NACK/PLI negotiated)\n",
      1200.0);
  std::printf(
      "  host: %ld CPUs, load average %s (at start)%s; nice %d for the forwarder, the "
      "bench's threads and their scheduling autogroup\n",
      sysconf(_SC_NPROCESSORS_ONLN), LoadAverage().c_str(),
      o_.pin ? "; forwarder pinned to CPU 1, sender+receivers to CPU 0" : "; not pinned", o_.nice);
  std::printf(
      "  socket buffers: rmem_max %s; SO_RCVBUFFORCE 4 MiB -> getsockopt %d, "
      "SO_RCVBUF 4 MiB -> %d (the kernel doubles what it grants)\n",
      ReadLine("/proc/sys/net/core/rmem_max").c_str(),
      GrantedReceiveBuffer(SO_RCVBUFFORCE, 4 << 20), GrantedReceiveBuffer(SO_RCVBUF, 4 << 20));
  std::printf(
      "  CPU: the forwarder's process CPU clock (utime+stime, ns) over each run and its "
      "drain; per million packets delivered\n");
  std::printf(
      "  latency: receiver socket arrival (SO_TIMESTAMPNS) minus the send time in the "
      "payload, every packet\n");
  std::printf(
      "  relay: one input socket, one output socket per consumer (unconnected, sendmmsg "
      "per socket), epoll + recvmmsg\n\n");
}

void Report::FixedRate(size_t n, const RunResult& relay, const RunResult& worker) {
  fixed_[n] = {relay, worker};
  std::printf("N = %zu: input %.0f pkt/s, %.1f s runs, best of %d (least CPU/packet)\n", n, o_.rate,
              o_.seconds, o_.repeat);
  std::printf("  %-14s %12s %9s %11s %8s %8s %8s %9s   %s\n", "", "delivered/s", "loss %",
              "CPU s/Mpkt", "p50 us", "p99 us", "RSS MiB", "CPU use", "drops");
  Row("relay", relay);
  Row("worker", worker);
  std::printf("  %-14s %12s %9s %10.2fx %7.2fx %7.2fx\n", "worker/relay", "", "",
              worker.cpuPerMillion() / relay.cpuPerMillion(),
              worker.latency.Percentile(0.5) / relay.latency.Percentile(0.5),
              worker.latency.Percentile(0.99) / relay.latency.Percentile(0.99));
  std::printf("  receiver 0 continuity (worker): %llu gaps, %llu reordered\n\n",
              static_cast<unsigned long long>(worker.gaps),
              static_cast<unsigned long long>(worker.reordered));
}

void Report::Srtp(size_t n, const RunResult& srtp) {
  if (srtp_.empty()) {
    std::printf(
        "SRTP (AES_CM_128_HMAC_SHA1_80 on every transport, pre-agreed keys; the sender "
        "protects, receiver 0 unprotects): worker only\n");
    std::printf("  %-5s %12s %9s %14s %14s %9s %12s %12s\n", "N", "delivered/s", "loss %",
                "plain s/Mpkt", "SRTP s/Mpkt", "SRTP/plain", "rx0 p50 us", "rx0 p99 us");
  }
  srtp_[n] = srtp;
  auto plain = fixed_.find(n);
  double plainCpu = plain == fixed_.end() ? 0 : plain->second.second.cpuPerMillion();
  std::printf(
      "  %-5zu %12.0f %9.3f %14.3f %14.3f %8.2fx %12.0f %12.0f   (rx0 auth failures %llu)\n", n,
      srtp.deliveredPerSecond(), srtp.lossPercent(), plainCpu, srtp.cpuPerMillion(),
      plainCpu > 0 ? srtp.cpuPerMillion() / plainCpu : 0, srtp.latency.Percentile(0.5),
      srtp.latency.Percentile(0.99), static_cast<unsigned long long>(srtp.decryptFailures));
}

void Report::Saturated(size_t n, const Saturation& relay, const Saturation& worker) {
  saturation_ = {relay, worker};
  std::printf("\nHighest input rate at N = %zu with < 0.5%% loss (%.1f s steps)\n", n,
              o_.stepSeconds);
  for (const auto* s : {&relay, &worker}) {
    const char* name = s == &relay ? "relay" : "worker";
    for (const RunResult& r : s->steps) {
      std::printf(
          "  %-6s %8.0f pkt/s in: loss %7.3f%%  CPU use %4.0f%%  p99 %6.0f us  drops in "
          "%llu / out %llu  sender burst %llu\n",
          name, r.rate, r.lossPercent(), 100 * r.utilization(), r.latency.Percentile(0.99),
          static_cast<unsigned long long>(r.inputDrops),
          static_cast<unsigned long long>(r.receiverDrops),
          static_cast<unsigned long long>(r.maxBurst));
    }
  }
  std::printf("  %-6s %8.0f pkt/s in (%.0f out)\n", "relay", relay.maxRate, relay.maxRate * n);
  std::printf("  %-6s %8.0f pkt/s in (%.0f out)\n", "worker", worker.maxRate, worker.maxRate * n);
  std::printf("  worker/relay %.2f\n", relay.maxRate > 0 ? worker.maxRate / relay.maxRate : 0);
}

void Report::Idle(const IdleMemory& m) {
  idle_ = m;
  std::printf(
      "\nIdle consumers (fresh worker, VmRSS): base %.1f MiB; +%zu consumers each on its own "
      "PlainTransport: %.1f MiB (%.1f KiB each); +%zu on one shared transport: %.1f MiB "
      "(%.1f KiB each)\n",
      Mib(m.baseKiB), m.count, Mib(m.withTransportsKiB), m.perConsumerWithTransport(), m.count,
      Mib(m.sharedKiB), m.perConsumerShared());
}

void Report::Goals() {
  std::printf("\nGoals (issue 4)\n");
  auto ten = fixed_.find(10);
  if (ten != fixed_.end()) {
    double ratio = ten->second.second.cpuPerMillion() / ten->second.first.cpuPerMillion();
    Verdict("worker CPU per forwarded packet <= 1.3x the relay at N = 10", ratio <= kMaxCpuRatio,
            Format("%.2fx", ratio));
    double rss = static_cast<double>(ten->second.second.rssKiB) * 1024;
    Verdict("worker RSS at N = 10 under 10 MB", rss < kMaxRssBytes, Format("%.1f MB", rss / 1e6));
  }
  if (saturation_) {
    const auto& [relay, worker] = *saturation_;
    double ratio = relay.maxRate > 0 ? worker.maxRate / relay.maxRate : 0;
    Verdict("highest rate at N = 10 with < 0.5% loss >= 85% of the relay's", ratio >= kMinRateRatio,
            Format("%.0f%%", 100 * ratio));
  }
  // Below saturation: every fixed-rate run, and every search step at <= 80% of the found rate.
  uint64_t lost = 0;
  for (const auto& [n, runs] : fixed_)
    lost += runs.second.lost();
  for (const auto& [n, run] : srtp_)
    lost += run.lost();
  if (saturation_) {
    for (const RunResult& r : saturation_->second.steps)
      if (r.rate <= 0.8 * saturation_->second.maxRate) lost += r.lost();
  }
  if (!fixed_.empty() || saturation_) {
    Verdict("no loss below saturation (fixed-rate runs, steps <= 80% of max)", lost == 0,
            Format("%.0f lost", static_cast<double>(lost)));
  }
  if (idle_) {
    double kib = std::max(idle_->perConsumerWithTransport(), idle_->perConsumerShared());
    Verdict("memory per idle consumer under 64 KiB (with its own transport)",
            kib < kMaxIdleConsumerKiB, Format("%.1f KiB", kib));
  }
}

}  // namespace weir::bench
