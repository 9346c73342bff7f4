#pragma once

// Value types of the Producer and Consumer API. The RTP documents themselves (rtpParameters,
// rtpCapabilities) stay nlohmann::json in mediasoup-client's shapes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weir {

enum class MediaKind { kAudio, kVideo };
std::string_view MediaKindName(MediaKind kind);  // "audio", "video"
std::optional<MediaKind> ParseMediaKind(std::string_view name);

enum class ProducerType { kSimple, kSimulcast, kSvc };
std::string_view ProducerTypeName(ProducerType type);  // "simple", "simulcast", "svc"

enum class ConsumerType { kSimple, kSimulcast, kSvc, kPipe };
std::string_view ConsumerTypeName(ConsumerType type);  // ..., "pipe"

// Spatial and temporal layer of a simulcast/SVC consumer.
struct ConsumerLayers {
  uint8_t spatialLayer = 0;
  std::optional<uint8_t> temporalLayer;

  bool operator==(const ConsumerLayers&) const = default;
};

// Scores are 0-10 (10: no loss). producerScores: one per encoding of the producer.
struct ConsumerScore {
  uint8_t score = 0;
  uint8_t producerScore = 0;
  std::vector<uint8_t> producerScores;

  bool operator==(const ConsumerScore&) const = default;
};

// The score of one encoding (receive stream) of a producer.
struct ProducerScore {
  uint32_t encodingIdx = 0;
  uint32_t ssrc = 0;
  std::string rid;
  uint8_t score = 0;

  bool operator==(const ProducerScore&) const = default;
};

}  // namespace weir
