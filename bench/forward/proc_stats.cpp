#include "proc_stats.hpp"

#include <dirent.h>
#include <sched.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace weir::bench {

double CpuSeconds(pid_t pid) {
  clockid_t clock;
  timespec ts{};
  if (clock_getcpuclockid(pid, &clock) != 0 || clock_gettime(clock, &ts) != 0) {
    return StatCpuSeconds(pid);
  }
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double StatCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start after the last ')'.
  size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {
    if (i == 14) utime = std::strtoull(field.c_str(), nullptr, 10);
    if (i == 15) {
      stime = std::strtoull(field.c_str(), nullptr, 10);
      break;
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

uint64_t RssKiB(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

std::map<uint16_t, uint64_t> UdpDropsByPort() {
  std::map<uint16_t, uint64_t> drops;
  std::ifstream in("/proc/net/udp");
  std::string line;
  std::getline(in, line);  // Header.
  while (std::getline(in, line)) {
    // "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout
    //  inode ref pointer drops": the local port is hex after the colon, drops is the last field.
    std::istringstream fields(line);
    std::string slot, local, field, last;
    fields >> slot >> local;
    while (fields >> field)
      last = field;
    size_t colon = local.find(':');
    if (colon == std::string::npos) continue;
    auto port = static_cast<uint16_t>(std::strtoul(local.c_str() + colon + 1, nullptr, 16));
    drops[port] += std::strtoull(last.c_str(), nullptr, 10);
  }
  return drops;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

namespace {

template <typename F>
bool ForEachThread(pid_t pid, F f) {
  std::string dir = "/proc/" + std::to_string(pid) + "/task";
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return false;
  bool ok = true;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    ok = f(static_cast<pid_t>(std::atoi(e->d_name))) && ok;
  }
  closedir(d);
  return ok;
}

}  // namespace

bool PinToCpu(pid_t pid, int cpu, bool allThreads) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (!allThreads) return sched_setaffinity(pid, sizeof(set), &set) == 0;
  return ForEachThread(pid,
                       [&](pid_t tid) { return sched_setaffinity(tid, sizeof(set), &set) == 0; });
}

std::optional<int> ReniceAutogroup(int nice) {
  std::ifstream in("/proc/self/autogroup");
  std::string name, word;
  int old = 0;
  if (!(in >> name >> word >> old)) return std::nullopt;  // "/autogroup-37 nice 0"
  std::FILE* f = std::fopen("/proc/self/autogroup", "w");
  if (f == nullptr) return std::nullopt;
  bool ok = std::fprintf(f, "%d", nice) > 0;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) return std::nullopt;
  return old;
}

bool Renice(pid_t pid, int nice) {
  return ForEachThread(
      pid, [&](pid_t tid) { return setpriority(PRIO_PROCESS, static_cast<id_t>(tid), nice) == 0; });
}

}  // namespace weir::bench
