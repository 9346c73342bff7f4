// The AV1 dependency descriptor header extension (AV1 RTP spec appendix A). The input is
// [n][n bytes: a descriptor that may carry a structure][the rest: a descriptor of a later
// packet], so that frames are resolved against structures the fuzzer also controls. Whatever
// parses is written back and must parse to the same description; masks are rewritten in place.

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "proto/rtp/dependency_descriptor.hpp"

using namespace weir::proto::rtp;
using weir::base::ByteView;

#define FUZZ_CHECK(cond) \
  if (!(cond)) std::abort()

namespace {

void RoundTrip(ByteView packet, const DependencyStructure* latest) {
  DependencyDescriptor d;
  if (!ParseDependencyDescriptor(packet, latest, &d)) return;
  FUZZ_CHECK(d.decodeTargetCount >= 1 && d.decodeTargetCount <= kDdMaxDecodeTargets);
  FUZZ_CHECK(d.fdiffCount <= kDdMaxFdiffs && d.chainCount <= d.decodeTargetCount);
  DependencyStructure own;
  const DependencyStructure* structure = latest;
  if (d.hasStructure) {
    FUZZ_CHECK(ParseDependencyStructure(packet, &own));
    structure = &own;
  }
  auto mandatory = ParseDependencyDescriptorMandatory(packet);
  FUZZ_CHECK(mandatory && mandatory->frameNumber == d.frameNumber &&
             mandatory->templateId == d.templateId);

  std::vector<uint8_t> out(packet.size() + 64, 0xA5);
  size_t n = SerializeDependencyDescriptor(d, *structure, out);
  FUZZ_CHECK(n >= kDdMandatorySize && n <= packet.size() + 8);
  DependencyDescriptor again;
  FUZZ_CHECK(ParseDependencyDescriptor(ByteView(out.data(), n), latest, &again));
  FUZZ_CHECK(again == d);
  if (d.hasStructure) {
    DependencyStructure reparsed;
    FUZZ_CHECK(ParseDependencyStructure(ByteView(out.data(), n), &reparsed));
    FUZZ_CHECK(reparsed == own);
  }

  if (d.activeDecodeTargetsPresent) {
    std::vector<uint8_t> copy(packet.begin(), packet.end());
    uint32_t mask = d.frameNumber * 0x9E3779B9u;
    FUZZ_CHECK(RewriteActiveDecodeTargets(copy, d, mask));
    DependencyDescriptor rewritten;
    FUZZ_CHECK(ParseDependencyDescriptor(copy, latest, &rewritten));
    FUZZ_CHECK(rewritten.activeDecodeTargets == (mask & structure->AllDecodeTargets()));
    rewritten.activeDecodeTargets = d.activeDecodeTargets;
    FUZZ_CHECK(rewritten == d);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // RFC 8285 4.3: a two-byte header extension element holds at most 255 bytes, so nothing
  // larger ever reaches the parser; bigger inputs would only repeat the same paths slower.
  if (size < 1 || size > 1 + 2 * 255) return 0;
  size_t split = data[0];
  if (split > size - 1) split = size - 1;
  ByteView first(data + 1, split);
  ByteView second(data + 1 + split, size - 1 - split);

  DependencyStructure latest;
  bool haveStructure = ParseDependencyStructure(first, &latest);
  RoundTrip(first, nullptr);
  if (haveStructure) {
    std::vector<uint8_t> out(256);
    DdBitWriter w(out);
    FUZZ_CHECK(WriteDependencyStructure(latest, w));
    DdBitReader r(ByteView(out.data(), w.bytes()));
    DependencyStructure back;
    FUZZ_CHECK(ReadDependencyStructure(r, &back) && back == latest);
  }
  RoundTrip(second, haveStructure ? &latest : nullptr);
  return 0;
}
