#pragma once

// The WebSocket message classes of PROTOCOL.md: a client SIGNAL (request) is parsed here into a
// Signal; the server's answers (response) and EVENTs are built here. Signals and events never
// share a code path beyond this envelope: signal_handlers.cpp answers signals, room_events.cpp
// emits events.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"

namespace weir::room {

// Messages larger than this are refused unread (PROTOCOL.md "WebSocket messages").
inline constexpr size_t kMaxMessageBytes = 256 * 1024;
// Request ids are JSON numbers a JavaScript client can represent exactly.
inline constexpr uint64_t kMaxRequestId = (uint64_t{1} << 53) - 1;

enum class ErrorCode {
  kBadRequest,
  kNotJoined,
  kAlreadyJoined,
  kUnauthorized,
  kForbidden,
  kNotFound,
  kInternal,
};
std::string_view ErrorCodeName(ErrorCode code);  // "badRequest", ...

struct SignalError {
  ErrorCode code = ErrorCode::kBadRequest;
  std::string reason;
};

enum class Method {
  kJoin,
  kCreateWebRtcTransport,
  kConnectWebRtcTransport,
  kSetRtpCapabilities,
  kProduce,
  kPauseProducer,
  kResumeProducer,
  kCloseProducer,
  kPauseConsumer,
  kResumeConsumer,
  kRestartIce,
  kLeave,
};
std::optional<Method> MethodFromName(std::string_view name);
std::string_view MethodName(Method method);

struct Signal {
  uint64_t id = 0;
  Method method = Method::kJoin;
  nlohmann::json data;  // always an object
};

// The outcome of reading one text message: a signal, or an error to answer with the request id
// when it could be read.
struct ParsedSignal {
  std::optional<Signal> signal;
  std::optional<uint64_t> id;
  SignalError error;
};
ParsedSignal ParseSignal(std::string_view text);

nlohmann::json MakeResponse(uint64_t id, nlohmann::json data);
nlohmann::json MakeErrorResponse(std::optional<uint64_t> id, const SignalError& error);
nlohmann::json MakeEvent(std::string_view event, nlohmann::json data);

// A failed controller operation as the client sees it: the worker refused a document as invalid
// (TypeError) is the client's badRequest, the rest is internal; the reason is the worker's.
SignalError FromStatus(const absl::Status& status, std::string_view what);

}  // namespace weir::room
