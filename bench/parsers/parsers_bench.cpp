// bench_parsers: the cost per packet of Weir's hot parse/rewrite paths, against a memcpy of the
// same bytes measured in the same run, and proof that none of them allocates:
//   (a) RTP: a 1200-byte video packet with mid, abs-send-time and transport-wide seq parsed,
//       its extensions read, SSRC/PT/seq/ts and abs-send-time rewritten, then restored
//       (what the SFU does per consumer);
//   (b) RTCP: an SR + SDES + NACK + transport-cc compound parsed fully (every packet, the NACK
//       expanded, every TCC status walked);
//   (c) STUN: a binding request with MESSAGE-INTEGRITY and FINGERPRINT parsed, both checked,
//       and the success response built (what ICE-lite does per connectivity check).
//
//   bench_parsers [--rounds N] [--min-round-ms MS] [--only rtp|rtcp|stun]
//
// Exits 1 if a measured loop allocated.

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "measure.hpp"

namespace weir::bench {

Timing MeasureMemcpy(const uint8_t* bytes, size_t size, const Options& options) {
  std::vector<uint8_t> dst(size);
  uint8_t* out = dst.data();
  return Measure(
      [&] {
        DoNotOptimize(bytes);
        std::memcpy(out, bytes, size);
        DoNotOptimize(out);
      },
      options);
}

}  // namespace weir::bench

int main(int argc, char* argv[]) {
  weir::bench::Options options;
  std::string only;
  for (int i = 1; i < argc; i += 2) {
    std::string name = argv[i];
    if (i + 1 < argc && name == "--rounds") {
      options.rounds = std::max(1, std::atoi(argv[i + 1]));
    } else if (i + 1 < argc && name == "--min-round-ms") {
      options.minRoundSeconds = std::atof(argv[i + 1]) / 1000;
    } else if (i + 1 < argc && name == "--only") {
      only = argv[i + 1];
    } else {
      std::fprintf(
          stderr, "usage: bench_parsers [--rounds N] [--min-round-ms MS] [--only rtp|rtcp|stun]\n");
      return 2;
    }
  }
  std::vector<weir::bench::CaseFigures> cases;
  if (only.empty() || only == "rtp") cases.push_back(weir::bench::BenchRtp(options));
  if (only.empty() || only == "rtcp") cases.push_back(weir::bench::BenchRtcp(options));
  if (only.empty() || only == "stun") cases.push_back(weir::bench::BenchStun(options));

  std::printf(
      "parsers bench: median of %d rounds of >= %.0f ms of thread CPU time each; baseline: "
      "memcpy of the same bytes\n",
      options.rounds, options.minRoundSeconds * 1000);
  std::printf("%-48s %6s %9s %9s %7s %12s %9s %7s\n", "case", "bytes", "ns/op", "Mops/s", "allocs",
              "memcpy ns/op", "memcpy x", "allocs");
  bool allocated = false;
  for (const auto& c : cases) {
    std::printf("%-48s %6zu %9.1f %9.2f %7llu %12.1f %9.1f %7llu\n", c.name.c_str(), c.bytes,
                c.op.nsPerOp, 1e3 / c.op.nsPerOp, static_cast<unsigned long long>(c.op.allocations),
                c.memcpy.nsPerOp, c.op.nsPerOp / c.memcpy.nsPerOp,
                static_cast<unsigned long long>(c.memcpy.allocations));
    allocated = allocated || c.op.allocations != 0;
  }
  std::printf("(\"memcpy x\": the case's time per packet in memcpys of the same bytes)\n");
  if (allocated) {
    std::fprintf(stderr, "bench_parsers: a measured loop allocated; it must not\n");
    return 1;
  }
  return 0;
}
