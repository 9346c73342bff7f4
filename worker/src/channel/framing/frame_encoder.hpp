#pragma once

// Encoder side of the channel framing (see frame_decoder.hpp).
// Senders write the prefix separately from a regular (not size-prefixed) FlatBuffers buffer; see
// channel/frame_sink.hpp for why.

#include <array>
#include <cstdint>
#include <vector>

#include "base/bytes.hpp"

namespace weir::channel {

std::array<uint8_t, 4> EncodeFrameHeader(uint32_t length);
void AppendFrame(base::ByteView payload, std::vector<uint8_t>* out);

}  // namespace weir::channel
