#pragma once

// Prints the forward bench's tables and its goals (figures only: a missed goal is reported, the
// bench still exits 0).

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "bench_options.hpp"
#include "measure.hpp"

namespace weir::bench {

struct IdleMemory {
  size_t count = 0;
  uint64_t baseKiB = 0;            // Router, producer transport and producer.
  uint64_t withTransportsKiB = 0;  // + count consumers, each on its own PlainTransport.
  uint64_t sharedKiB = 0;          // + count more consumers, all on one PlainTransport.
  double perConsumerWithTransport() const;
  double perConsumerShared() const;
};

class Report {
 public:
  explicit Report(const Options& options) : o_(options) {}

  void Header();
  void FixedRate(size_t n, const RunResult& relay, const RunResult& worker);
  void Srtp(size_t n, const RunResult& srtp);
  void Saturated(size_t n, const Saturation& relay, const Saturation& worker);
  void Idle(const IdleMemory& memory);
  void Goals();

 private:
  const Options& o_;
  std::map<size_t, std::pair<RunResult, RunResult>> fixed_;  // N -> relay, worker.
  std::map<size_t, RunResult> srtp_;
  std::optional<std::pair<Saturation, Saturation>> saturation_;
  std::optional<IdleMemory> idle_;
};

}  // namespace weir::bench
