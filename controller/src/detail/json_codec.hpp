#pragma once

// JSON <-> FlatBuffers for the channel, driven by the schema itself: the binary schema
// (message.bfbs, embedded at build time) is loaded into a flatbuffers::Parser, whose JSON parser
// builds request bodies and whose printer turns response, notification and log bodies back into
// JSON. No method has hand-written conversion code, so a method added to the schema works here
// as soon as the library is rebuilt.
//
// Names: the JSON view writes methods and events with a dot ("worker.createRouter"); the schema's
// enums use an underscore (Method.worker_createRouter). A body's union member has the method's
// (or event's) name. Output is strict JSON on one line, default scalars included.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "flatbuffers/idl.h"
#include "nlohmann/json.hpp"
#include "weir/fbs/message_generated.h"

namespace weir::detail {

class JsonCodec {
 public:
  struct MethodInfo {
    std::string name;           // "worker.createRouter"
    uint16_t value = 0;         // Method enum value
    uint8_t bodyType = 0;       // RequestBody union value; 0 when the method takes no body
    std::string bodyTableName;  // fully qualified table name of the body, if any
  };

  // Loads the embedded schema. Fails only if the library was built with a broken schema.
  // `ignoreUnknownFields`: skip JSON fields the schema lacks instead of failing on them.
  static absl::StatusOr<std::unique_ptr<JsonCodec>> Create(bool ignoreUnknownFields = false);

  // The method named "object.verb", or nothing.
  const MethodInfo* FindMethod(std::string_view name) const;

  // Appends the frame (length prefix included) of a Request. `body` must be null or an empty
  // object for a method without a body; for one with a body it is parsed against the body table
  // (null: no body is sent). Errors are InvalidArgument with the parser's message.
  absl::Status EncodeRequest(uint32_t id, const MethodInfo& method, std::string_view handlerId,
                             const nlohmann::json& body, std::vector<uint8_t>& out);

  // The body of an accepted response as JSON (null when it has none).
  absl::StatusOr<nlohmann::json> ResponseBody(const fbs::Response& response) const;
  // {"handlerId":"...","event":"worker.running","body":{...}} (no "body" when it has none).
  absl::StatusOr<nlohmann::json> Notification(const fbs::Notification& notification) const;
  // {"log":{"level":"warn","tag":"message","text":"..."}}
  static nlohmann::json Log(const fbs::Log& log);

  // "worker.running" for Event.worker_running (the number itself for an unknown value).
  std::string EventName(fbs::Event event) const;

  // Any Message buffer (without length prefix, already verified) in the JSON view:
  // responses as {"id":1,"accepted":true,"body":{...}} or
  // {"id":1,"accepted":false,"error":"TypeError","reason":"..."}, notifications and logs as
  // above, requests as {"id":1,"method":"worker.dump","handlerId":"","body":{...}}.
  absl::StatusOr<nlohmann::json> Message(const fbs::Message& message) const;

 private:
  JsonCodec() = default;
  bool ignoreUnknownFields_ = false;
  absl::Status Load();
  absl::StatusOr<nlohmann::json> TableToJson(const void* table,
                                             const flatbuffers::EnumDef& unionDef,
                                             uint8_t type) const;

  std::unique_ptr<flatbuffers::Parser> parser_;
  const flatbuffers::EnumDef* requestBody_ = nullptr;
  const flatbuffers::EnumDef* responseBody_ = nullptr;
  const flatbuffers::EnumDef* notificationBody_ = nullptr;
  const flatbuffers::EnumDef* event_ = nullptr;
  const flatbuffers::EnumDef* method_ = nullptr;
  std::vector<MethodInfo> methods_;
  absl::flat_hash_map<std::string, size_t> methodsByName_;
  std::string scratch_;
};

}  // namespace weir::detail
