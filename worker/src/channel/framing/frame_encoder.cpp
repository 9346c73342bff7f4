#include "channel/framing/frame_encoder.hpp"

namespace weir::channel {

std::array<uint8_t, 4> EncodeFrameHeader(uint32_t length) {
  std::array<uint8_t, 4> header;
  base::StoreLe32(header.data(), length);
  return header;
}

void AppendFrame(base::ByteView payload, std::vector<uint8_t>* out) {
  auto header = EncodeFrameHeader(static_cast<uint32_t>(payload.size()));
  out->insert(out->end(), header.begin(), header.end());
  out->insert(out->end(), payload.begin(), payload.end());
}

}  // namespace weir::channel
