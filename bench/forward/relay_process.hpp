#pragma once

// Runs bench_forward_relay (relay_main.cpp) as a child process for one set of destinations.

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace weir::bench {

class RelayProcess {
 public:
  RelayProcess(const std::string& path, const std::vector<uint16_t>& destinations, int bufferSize);
  ~RelayProcess();  // Closes its stdin (it exits) and reaps it.
  RelayProcess(const RelayProcess&) = delete;
  RelayProcess& operator=(const RelayProcess&) = delete;

  pid_t pid() const { return pid_; }
  uint16_t inPort() const { return inPort_; }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  uint16_t inPort_ = 0;
};

}  // namespace weir::bench
