#pragma once

// Timing of one operation in a tight loop, for bench_parsers: calibrate a loop that lasts at
// least `minRound` of CPU time, run it `rounds` times, keep the median time per operation, and
// count the heap allocations made while the measured loops ran.

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "support/alloc_counter.hpp"

namespace weir::bench {

struct Options {
  int rounds = 7;
  double minRoundSeconds = 0.1;
};

struct Timing {
  double nsPerOp = 0;
  uint64_t opsPerRound = 0;
  uint64_t allocations = 0;  // During the measured rounds (calibration excluded).
};

// One case of the table: the operation, and a memcpy of the same bytes as a baseline.
struct CaseFigures {
  std::string name;
  size_t bytes = 0;
  Timing op;
  Timing memcpy;
};

// Keeps the compiler from discarding a value or the writes behind a pointer.
template <typename T>
inline void DoNotOptimize(const T& value) {
  asm volatile("" : : "r,m"(value) : "memory");
}

// Seconds of CPU this thread has used. The machine is shared (2 cores, several builds and
// fuzzers at once): wall-clock time would count the slices spent descheduled.
inline double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <typename F>
Timing Measure(F&& op, const Options& options) {
  auto run = [&op](uint64_t n) {
    double start = ThreadCpuSeconds();
    for (uint64_t i = 0; i < n; ++i)
      op();
    return ThreadCpuSeconds() - start;
  };
  uint64_t n = 1024;
  while (run(n) < options.minRoundSeconds)
    n *= 2;
  std::vector<double> perOp;
  perOp.reserve(static_cast<size_t>(options.rounds));  // Before the scope: not the op's.
  test::AllocationScope allocations;
  for (int r = 0; r < options.rounds; ++r)
    perOp.push_back(run(n) * 1e9 / static_cast<double>(n));
  Timing t;
  t.allocations = allocations.count();
  std::sort(perOp.begin(), perOp.end());
  t.nsPerOp = perOp[perOp.size() / 2];
  t.opsPerRound = n;
  return t;
}

// The copy every packet would cost at least once: the same bytes into another buffer.
Timing MeasureMemcpy(const uint8_t* bytes, size_t size, const Options& options);

CaseFigures BenchRtp(const Options& options);
CaseFigures BenchRtcp(const Options& options);
CaseFigures BenchStun(const Options& options);

}  // namespace weir::bench
