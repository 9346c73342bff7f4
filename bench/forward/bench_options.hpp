#pragma once

// Options of bench_forward (parsed in forward_bench.cpp).

#include <cstdlib>
#include <string>
#include <vector>

namespace weir::bench {

struct Options {
  double rate = 2000;      // Input packets per second of the fixed-rate runs.
  double seconds = 2;      // Measured seconds of each fixed-rate run.
  double stepSeconds = 2;  // Measured seconds of each step of the highest-rate search.
  int repeat = 2;          // Fixed-rate runs per system and N; the best is reported.
  std::vector<size_t> counts{1, 10, 100};
  bool pin = true;  // Forwarder on CPU 1, the bench's sender and receivers on CPU 0.
  int nice = -20;   // For the forwarder and the bench's threads (a shared machine).
  bool plain = true;
  bool srtp = true;
  bool saturation = true;
  bool idle = true;
  size_t idleConsumers = 1000;
  int bufferSize = 4 * 1024 * 1024;  // Socket buffers the relay asks for (the worker's default).
  std::string workerPath;
  std::string relayPath;
  std::vector<std::string> workerArgs;
};

inline std::vector<size_t> ParseCounts(const std::string& text) {
  std::vector<size_t> counts;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    counts.push_back(std::strtoul(text.substr(start, comma - start).c_str(), nullptr, 10));
    start = comma + 1;
  }
  return counts;
}

}  // namespace weir::bench
