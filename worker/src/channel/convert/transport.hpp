#pragma once

// FromFbs/ToFbs for transport-level types: listen infos, tuples, SRTP parameters, trace event
// types, RTP mappings (channel-schema/transport.fbs <-> sfu/).

#include <string_view>

#include "flatbuffers/flatbuffers.h"
#include "sfu/notifier.hpp"
#include "sfu/plain_transport.hpp"
#include "weir/fbs/transport_generated.h"

namespace weir::channel {

sfu::ListenInfo FromFbs(const fbs::ListenInfo& info, std::string_view path);
flatbuffers::Offset<fbs::TransportTuple> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                               const sfu::TransportTuple& tuple);
sfu::SrtpParameters FromFbs(const fbs::SrtpParameters& params, std::string_view path);
flatbuffers::Offset<fbs::SrtpParameters> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                               const sfu::SrtpParameters& params);
engine::SrtpSuite SrtpSuiteFromName(std::string_view name, std::string_view path);

// A mask of sfu::TraceType bits from a vector of event types (unknown values are a TypeError).
uint32_t TraceMaskFromFbs(const flatbuffers::Vector<fbs::TraceEventType>* events,
                          std::string_view path);
flatbuffers::Offset<flatbuffers::Vector<fbs::TraceEventType>> TraceMaskToFbs(
    flatbuffers::FlatBufferBuilder& builder, uint32_t mask);
fbs::TraceEventType ToFbs(sfu::TraceType type);

std::string Base64Encode(base::ByteView data);
// Nothing when `text` is not valid base64.
std::optional<std::vector<uint8_t>> Base64Decode(std::string_view text);

}  // namespace weir::channel
