#pragma once

// Encoder side of the channel framing (see frame_decoder.hpp). FlatBuffers builders can write the
// same prefix themselves with FinishSizePrefixed(); this is for everything else (tests, tools).

#include <array>
#include <cstdint>
#include <vector>

#include "base/bytes.hpp"

namespace weir::channel {

std::array<uint8_t, 4> EncodeFrameHeader(uint32_t length);
void AppendFrame(base::ByteView payload, std::vector<uint8_t>* out);

}  // namespace weir::channel
