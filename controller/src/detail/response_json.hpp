#pragma once

// Reading the worker's answers and notifications (JSON printed by the schema-driven codec) into
// the typed values of the public API. The JSON comes from verified buffers of the same schema,
// yet these never throw and never fail: a field that is missing or of another type reads as its
// default. Pure functions, unit-tested.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json.hpp"
#include "weir/rtp_types.hpp"
#include "weir/transport_types.hpp"

namespace weir::detail {

// The member `key` of an object, or null (no exception for a non-object or a missing key).
const nlohmann::json& Member(const nlohmann::json& object, std::string_view key);
std::string StringOf(const nlohmann::json& object, std::string_view key);
uint64_t UintOf(const nlohmann::json& object, std::string_view key);
bool BoolOf(const nlohmann::json& object, std::string_view key, bool fallback = false);

TransportTuple TupleFromJson(const nlohmann::json& json);
std::optional<TransportTuple> OptionalTupleFromJson(const nlohmann::json& json);
std::optional<SrtpParameters> SrtpFromJson(const nlohmann::json& json);
ProducerType ProducerTypeFromJson(const nlohmann::json& json);
ConsumerType ConsumerTypeFromJson(const nlohmann::json& json);
MediaKind MediaKindFromJson(const nlohmann::json& json, MediaKind fallback);
ConsumerScore ConsumerScoreFromJson(const nlohmann::json& json);
std::vector<ProducerScore> ProducerScoresFromJson(const nlohmann::json& json);
std::optional<ConsumerLayers> LayersFromJson(const nlohmann::json& json);

}  // namespace weir::detail
