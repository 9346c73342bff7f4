#pragma once

// weir-room's command line (see `weir-room --help`).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace weir::room {

struct MakeTokenRequest {
  std::string roomId;
  std::string peerId;
  int64_t ttlSeconds = 0;
};

struct Options {
  std::string listenHost = "127.0.0.1";
  uint16_t listenPort = 8080;
  // Where WebRtcTransports listen and what their ICE candidates announce.
  std::string rtcListenIp;  // empty: 127.0.0.1, or 0.0.0.0 with an announced ip
  std::string announcedIp;
  std::string tlsCertFile;
  std::string tlsKeyFile;
  std::string webRoot;  // empty: the build's page bundle directory
  size_t workers = 0;   // 0: one per core
  uint16_t rtcMinPort = 0;
  uint16_t rtcMaxPort = 0;
  std::string secretFile;
  std::string workerLogLevel = "warn";
  std::optional<MakeTokenRequest> makeToken;
  bool help = false;
};

absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& args);
std::string UsageText();

// The secret from --secret-file (its first line) or $WEIR_ROOM_SECRET; nothing when neither is
// given. An empty secret is an error.
absl::StatusOr<std::optional<std::string>> LoadSecret(const Options& options);

}  // namespace weir::room
