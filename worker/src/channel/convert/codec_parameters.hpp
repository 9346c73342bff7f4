#pragma once

// Codec parameters travel as a FlexBuffers map in a `[ubyte] (flexbuffer)` field, so that JSON
// objects like {"packetization-mode": 1, "profile-level-id": "42e01f", "x-google-start-bitrate":
// 1000, "usedtx": true} pass through FlatBuffers' JSON parser and printer unchanged: integers stay
// integers, doubles doubles, strings strings, booleans booleans.

#include <cstdint>
#include <string_view>

#include "flatbuffers/flatbuffers.h"
#include "sfu/rtp_parameters.hpp"

namespace weir::channel {

// Absent or empty: no parameters. Throws TypeError naming the field (`path` is the object that
// holds the parameters, e.g. "mediaCodecs[1]") for a buffer that fails verification, a root that
// is not a map, a null, nested or binary value, or an unsigned integer above INT64_MAX.
sfu::CodecParameters CodecParametersFromFbs(const flatbuffers::Vector<uint8_t>* flex,
                                            std::string_view path);

// Always a map, empty included (mediasoup prints "parameters": {}).
flatbuffers::Offset<flatbuffers::Vector<uint8_t>> CodecParametersToFbs(
    flatbuffers::FlatBufferBuilder& builder, const sfu::CodecParameters& params);

}  // namespace weir::channel
