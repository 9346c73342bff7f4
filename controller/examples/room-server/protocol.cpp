#include "protocol.hpp"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "text.hpp"

namespace weir::room {
namespace {

constexpr std::array<std::pair<Method, std::string_view>, 12> kMethods = {{
    {Method::kJoin, "join"},
    {Method::kCreateWebRtcTransport, "createWebRtcTransport"},
    {Method::kConnectWebRtcTransport, "connectWebRtcTransport"},
    {Method::kSetRtpCapabilities, "setRtpCapabilities"},
    {Method::kProduce, "produce"},
    {Method::kPauseProducer, "pauseProducer"},
    {Method::kResumeProducer, "resumeProducer"},
    {Method::kCloseProducer, "closeProducer"},
    {Method::kPauseConsumer, "pauseConsumer"},
    {Method::kResumeConsumer, "resumeConsumer"},
    {Method::kRestartIce, "restartIce"},
    {Method::kLeave, "leave"},
}};

ParsedSignal Fail(std::optional<uint64_t> id, std::string reason) {
  return ParsedSignal{std::nullopt, id, {ErrorCode::kBadRequest, std::move(reason)}};
}

// A JSON number that is a non-negative integer a JavaScript client can hold exactly.
std::optional<uint64_t> ReadId(const nlohmann::json& value) {
  // nlohmann parses every non-negative integer as unsigned; negatives and floats are not ids.
  if (value.is_number_unsigned() && value.get<uint64_t>() <= kMaxRequestId) {
    return value.get<uint64_t>();
  }
  return std::nullopt;
}

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return "badRequest";
    case ErrorCode::kNotJoined:
      return "notJoined";
    case ErrorCode::kAlreadyJoined:
      return "alreadyJoined";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kNotFound:
      return "notFound";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::optional<Method> MethodFromName(std::string_view name) {
  for (const auto& [method, methodName] : kMethods) {
    if (methodName == name) return method;
  }
  return std::nullopt;
}

std::string_view MethodName(Method method) {
  for (const auto& [m, methodName] : kMethods) {
    if (m == method) return methodName;
  }
  return "?";
}

ParsedSignal ParseSignal(std::string_view text) {
  if (text.size() > kMaxMessageBytes) {
    return Fail(std::nullopt, absl::StrCat("message is larger than ", kMaxMessageBytes, " bytes"));
  }
  // No exceptions: a parse failure gives a discarded value, which we turn into a reason.
  nlohmann::json message = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) return Fail(std::nullopt, "message is not valid JSON");
  if (!message.is_object()) return Fail(std::nullopt, "message must be a JSON object");

  std::optional<uint64_t> id;
  auto idIt = message.find("id");
  if (idIt != message.end()) id = ReadId(*idIt);

  auto typeIt = message.find("type");
  if (typeIt == message.end() || !typeIt->is_string()) {
    return Fail(id, "type must be the string \"request\"");
  }
  if (typeIt->get_ref<const std::string&>() != "request") {
    return Fail(id, absl::StrCat("type \"", typeIt->get_ref<const std::string&>(),
                                 "\" is not accepted from clients (only \"request\")"));
  }
  if (idIt == message.end()) return Fail(std::nullopt, "id is missing");
  if (!id) return Fail(std::nullopt, "id must be an integer from 0 to 2^53-1");

  auto methodIt = message.find("method");
  if (methodIt == message.end() || !methodIt->is_string()) {
    return Fail(id, "method must be a string");
  }
  const std::string& name = methodIt->get_ref<const std::string&>();
  std::optional<Method> method = MethodFromName(name);
  if (!method) {
    // Unknown names are echoed only when short, so that a reply never grows with the input.
    return Fail(id, name.size() <= 64 ? absl::StrCat("unknown method \"", name, "\"")
                                      : std::string("unknown method"));
  }

  nlohmann::json data = nlohmann::json::object();
  auto dataIt = message.find("data");
  if (dataIt != message.end() && !dataIt->is_null()) {
    if (!dataIt->is_object()) return Fail(id, "data must be an object");
    data = std::move(*dataIt);
  }
  return ParsedSignal{Signal{*id, *method, std::move(data)}, id, {}};
}

nlohmann::json MakeResponse(uint64_t id, nlohmann::json data) {
  return {{"type", "response"}, {"id", id}, {"ok", true}, {"data", std::move(data)}};
}

nlohmann::json MakeErrorResponse(std::optional<uint64_t> id, const SignalError& error) {
  nlohmann::json message = {
      {"type", "response"},
      {"id", nullptr},
      {"ok", false},
      {"error", {{"code", ErrorCodeName(error.code)}, {"reason", error.reason}}}};
  if (id) message["id"] = *id;
  return message;
}

nlohmann::json MakeEvent(std::string_view event, nlohmann::json data) {
  return {{"type", "event"}, {"event", event}, {"data", std::move(data)}};
}

SignalError FromStatus(const absl::Status& status, std::string_view what) {
  ErrorCode code = status.code() == absl::StatusCode::kInvalidArgument ? ErrorCode::kBadRequest
                                                                       : ErrorCode::kInternal;
  return {code, Concat({what, ": ", std::string(status.message())})};
}

}  // namespace weir::room
