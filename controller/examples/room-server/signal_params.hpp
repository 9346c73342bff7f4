#pragma once

// The `data` of each signal, read and validated into a struct before any handler runs. A field
// that is missing, of the wrong type or out of range is InvalidArgument with a reason naming it
// ("data.direction must be \"send\" or \"recv\""), which the client gets as badRequest.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "weir/rtp_types.hpp"

namespace weir::room {

// At most this many producers per peer (camera, microphone, screen, ... with room to spare).
inline constexpr size_t kMaxProducersPerPeer = 8;
// A producer's appData travels to every other peer: keep it small.
inline constexpr size_t kMaxAppDataBytes = 1024;

enum class Direction { kSend, kRecv };

struct JoinParams {
  std::string roomId;
  std::string displayName;
  std::optional<std::string> token;
};
struct CreateTransportParams {
  Direction direction = Direction::kSend;
};
struct ConnectTransportParams {
  std::string transportId;
  nlohmann::json dtlsParameters;
};
struct RtpCapabilitiesParams {
  nlohmann::json rtpCapabilities;
};
struct ProduceParams {
  std::string transportId;
  MediaKind kind = MediaKind::kAudio;
  nlohmann::json rtpParameters;
  nlohmann::json appData;  // an object (empty when not given)
};
struct ProducerIdParams {
  std::string producerId;
};
struct ConsumerIdParams {
  std::string consumerId;
};
struct TransportIdParams {
  std::string transportId;
};

absl::StatusOr<JoinParams> ParseJoinParams(const nlohmann::json& data);
absl::StatusOr<CreateTransportParams> ParseCreateTransportParams(const nlohmann::json& data);
absl::StatusOr<ConnectTransportParams> ParseConnectTransportParams(const nlohmann::json& data);
absl::StatusOr<RtpCapabilitiesParams> ParseRtpCapabilitiesParams(const nlohmann::json& data);
absl::StatusOr<ProduceParams> ParseProduceParams(const nlohmann::json& data);
absl::StatusOr<ProducerIdParams> ParseProducerIdParams(const nlohmann::json& data);
absl::StatusOr<ConsumerIdParams> ParseConsumerIdParams(const nlohmann::json& data);
absl::StatusOr<TransportIdParams> ParseTransportIdParams(const nlohmann::json& data);

}  // namespace weir::room
