// (c) STUN: a binding request with MESSAGE-INTEGRITY and FINGERPRINT parsed, checked and
// answered.

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "measure.hpp"
#include "proto/stun/binding_response.hpp"
#include "proto/stun/stun_builder.hpp"
#include "proto/stun/stun_message.hpp"

namespace weir::bench {
namespace {

namespace stun = proto::stun;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "bench_parsers: %s\n", what);
  std::exit(1);
}

}  // namespace

CaseFigures BenchStun(const Options& options) {
  // A connectivity check as Chromium sends it to an ICE-lite server (RFC 8445 7.2.2).
  const stun::TransactionId tid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const stun::HmacSha1Key localKey("nOzJ3sBgVfB7cZ2eXk9LqP1d");  // Keyed once per transport.
  std::vector<uint8_t> request(256);
  {
    stun::StunBuilder b(request, stun::StunClass::kRequest, stun::method::kBinding, tid);
    b.AddString(stun::attr::kUsername, "a1b2c3d4:WxYz");
    b.AddUint32(stun::attr::kNomination, 1);
    b.AddUint64(stun::attr::kIceControlling, 0x0123456789abcdef);
    b.AddEmpty(stun::attr::kUseCandidate);
    b.AddUint32(stun::attr::kPriority, 0x6e7f1eff);
    b.AddMessageIntegrity(localKey);
    b.AddFingerprint();
    request.resize(b.Finish());
    if (request.empty()) Fail("STUN request build failed");
  }
  const auto mapped = stun::StunAddress::Ipv4({192, 168, 1, 20}, 54321);
  std::vector<uint8_t> response(stun::kMaxBindingResponseSize);
  uint64_t sink = 0;
  auto op = [&] {
    auto msg = stun::StunMessage::Parse(request);
    if (!msg || !msg->IsBindingRequest()) Fail("STUN parse failed");
    if (!msg->CheckFingerprint()) Fail("STUN fingerprint check failed");
    auto username = msg->username();
    if (!username || username->substr(0, 8) != "a1b2c3d4") Fail("STUN username mismatch");
    if (!msg->CheckMessageIntegrity(localKey)) Fail("STUN integrity check failed");
    sink += msg->priority().value_or(0) + msg->use_candidate();
    size_t n = stun::BuildBindingSuccessResponse(*msg, mapped, localKey, response);
    if (n == 0) Fail("STUN response build failed");
    sink += n;
    DoNotOptimize(response.data());
  };
  CaseFigures f;
  f.name = "STUN binding: parse, FP+MI check, build response";
  f.bytes = request.size();
  f.op = Measure(op, options);
  f.memcpy = MeasureMemcpy(request.data(), request.size(), options);
  DoNotOptimize(sink);
  return f;
}

}  // namespace weir::bench
