// Fuzzes the Opus TOC / frame count reader.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "proto/codecs/opus_packet_info.hpp"

using weir::proto::codecs::OpusPacketInfo;

#define FUZZ_CHECK(cond)           \
  do {                             \
    if (!(cond)) __builtin_trap(); \
  } while (0)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> in(data, data + size);
  const auto info = OpusPacketInfo::Parse(in);
  if (!info) return 0;
  FUZZ_CHECK(size >= 1);
  FUZZ_CHECK(info->frameCount >= 1 && info->frameCount <= 48);
  FUZZ_CHECK(uint32_t{info->frameCount} * info->frameDurationUs <= 120000);
  FUZZ_CHECK(info->isDtx == (size <= 2));
  FUZZ_CHECK(info->config == (data[0] >> 3));
  return 0;
}
