#include "detail/json_codec.hpp"

#include "absl/strings/str_cat.h"
#include "channel/framing/frame_encoder.hpp"
#include "detail/embedded_schema.hpp"

namespace weir::detail {

namespace {

// "worker_createRouter" <-> "worker.createRouter": the object name never has an underscore.
std::string ToDotted(std::string name) {
  if (auto pos = name.find('_'); pos != std::string::npos) name[pos] = '.';
  return name;
}

std::string Dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string QualifiedName(const flatbuffers::StructDef& def) {
  return def.defined_namespace ? def.defined_namespace->GetFullyQualifiedName(def.name) : def.name;
}

// The parser's messages start with "line: column: error: "; the position is in a document the
// caller never saw, so only the message is kept.
std::string ParserMessage(const std::string& error) {
  constexpr std::string_view kMarker = "error: ";
  auto pos = error.rfind(kMarker);
  std::string message = pos == std::string::npos ? error : error.substr(pos + kMarker.size());
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  return message;
}

}  // namespace

absl::StatusOr<std::unique_ptr<JsonCodec>> JsonCodec::Create(bool ignoreUnknownFields) {
  std::unique_ptr<JsonCodec> codec(new JsonCodec());
  codec->ignoreUnknownFields_ = ignoreUnknownFields;
  absl::Status loaded = codec->Load();
  if (!loaded.ok()) return loaded;
  return codec;
}

absl::Status JsonCodec::Load() {
  flatbuffers::IDLOptions options;
  options.strict_json = true;
  options.output_default_scalars_in_json = true;
  options.skip_unexpected_fields_in_json = ignoreUnknownFields_;
  options.indent_step = -1;  // one line
  options.natural_utf8 = true;
  parser_ = std::make_unique<flatbuffers::Parser>(options);
  if (!parser_->Deserialize(EmbeddedSchema().data(), EmbeddedSchema().size())) {
    return absl::InternalError("the embedded channel schema does not load: " + parser_->error_);
  }
  auto lookup = [&](const char* name) { return parser_->enums_.Lookup(name); };
  method_ = lookup("weir.fbs.Method");
  event_ = lookup("weir.fbs.Event");
  requestBody_ = lookup("weir.fbs.RequestBody");
  responseBody_ = lookup("weir.fbs.ResponseBody");
  notificationBody_ = lookup("weir.fbs.NotificationBody");
  if (!method_ || !event_ || !requestBody_ || !responseBody_ || !notificationBody_) {
    return absl::InternalError("the embedded channel schema lacks the channel enums");
  }
  for (const flatbuffers::EnumVal* value : method_->Vals()) {
    MethodInfo info;
    info.name = ToDotted(value->name);
    info.value = static_cast<uint16_t>(value->GetAsUInt64());
    if (const flatbuffers::EnumVal* body = requestBody_->Lookup(value->name);
        body != nullptr && body->union_type.struct_def != nullptr) {
      info.bodyType = static_cast<uint8_t>(body->GetAsUInt64());
      info.bodyTableName = QualifiedName(*body->union_type.struct_def);
    }
    methodsByName_.emplace(info.name, methods_.size());
    methods_.push_back(std::move(info));
  }
  return absl::OkStatus();
}

const JsonCodec::MethodInfo* JsonCodec::FindMethod(std::string_view name) const {
  auto it = methodsByName_.find(absl::string_view(name.data(), name.size()));
  return it == methodsByName_.end() ? nullptr : &methods_[it->second];
}

absl::Status JsonCodec::EncodeRequest(uint32_t id, const MethodInfo& method,
                                      std::string_view handlerId, const nlohmann::json& body,
                                      std::vector<uint8_t>& out) {
  bool emptyBody = body.is_null() || (body.is_object() && body.empty());
  if (method.bodyType == 0 && !emptyBody) {
    return absl::InvalidArgumentError(absl::StrCat("method ", method.name, " takes no body"));
  }
  if (method.bodyType == 0 || body.is_null()) {
    // Nothing to parse: build the envelope directly (the common case of dumps and closes).
    flatbuffers::FlatBufferBuilder builder(64 + handlerId.size());
    auto handler = builder.CreateString(handlerId.data(), handlerId.size());
    auto request = fbs::CreateRequest(builder, id, static_cast<fbs::Method>(method.value), handler);
    builder.Finish(fbs::CreateMessage(builder, fbs::Body::Request, request.Union()));
    channel::AppendFrame(base::ByteView(builder.GetBufferPointer(), builder.GetSize()), &out);
    return absl::OkStatus();
  }
  if (!body.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the body of ", method.name, " must be a JSON object"));
  }
  std::string enumName = method.name;
  enumName[enumName.find('.')] = '_';
  scratch_ = absl::StrCat(R"({"data_type":"Request","data":{"id":)", id, R"(,"method":")", enumName,
                          R"(","handlerId":)", Dump(nlohmann::json(handlerId)), R"(,"body_type":")",
                          enumName, R"(","body":)", Dump(body), "}}");
  if (!parser_->ParseJson(scratch_.c_str())) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid body for ", method.name, ": ", ParserMessage(parser_->error_)));
  }
  auto& built = parser_->builder_;
  channel::AppendFrame(base::ByteView(built.GetBufferPointer(), built.GetSize()), &out);
  return absl::OkStatus();
}

absl::StatusOr<nlohmann::json> JsonCodec::TableToJson(const void* table,
                                                      const flatbuffers::EnumDef& unionDef,
                                                      uint8_t type) const {
  const flatbuffers::EnumVal* member = unionDef.ReverseLookup(type, true);
  if (member == nullptr || member->union_type.struct_def == nullptr || table == nullptr) {
    return absl::InternalError(
        absl::StrCat(unionDef.name, " member ", type, " is not in this controller's schema"));
  }
  std::string text;
  if (!flatbuffers::GenerateTextFromTable(*parser_, table,
                                          QualifiedName(*member->union_type.struct_def), &text)) {
    return absl::InternalError(absl::StrCat(member->name, " body cannot be printed as JSON"));
  }
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) {
    return absl::InternalError(absl::StrCat(member->name, " body printed as invalid JSON"));
  }
  return json;
}

absl::StatusOr<nlohmann::json> JsonCodec::ResponseBody(const fbs::Response& response) const {
  if (response.body_type() == fbs::ResponseBody::NONE) return nlohmann::json();
  return TableToJson(response.body(), *responseBody_, static_cast<uint8_t>(response.body_type()));
}

std::string JsonCodec::EventName(fbs::Event event) const {
  const flatbuffers::EnumVal* value = event_->ReverseLookup(static_cast<int64_t>(event), false);
  return value ? ToDotted(value->name) : absl::StrCat(static_cast<unsigned>(event));
}

absl::StatusOr<nlohmann::json> JsonCodec::Notification(
    const fbs::Notification& notification) const {
  nlohmann::json json = nlohmann::json::object();
  json["handlerId"] = notification.handlerId() ? notification.handlerId()->str() : "";
  json["event"] = EventName(notification.event());
  if (notification.body_type() != fbs::NotificationBody::NONE) {
    absl::StatusOr<nlohmann::json> body = TableToJson(
        notification.body(), *notificationBody_, static_cast<uint8_t>(notification.body_type()));
    if (!body.ok()) return body.status();
    json["body"] = *std::move(body);
  }
  return json;
}

nlohmann::json JsonCodec::Log(const fbs::Log& log) {
  return {{"log",
           {{"level", fbs::EnumNameLogLevel(log.level())},
            {"tag", fbs::EnumNameLogTag(log.tag())},
            {"text", log.text() ? log.text()->str() : ""}}}};
}

absl::StatusOr<nlohmann::json> JsonCodec::Message(const fbs::Message& message) const {
  switch (message.data_type()) {
    case fbs::Body::Request: {
      const fbs::Request& request = *message.data_as_Request();
      const flatbuffers::EnumVal* method =
          method_->ReverseLookup(static_cast<int64_t>(request.method()), false);
      nlohmann::json json = {
          {"id", request.id()},
          {"method",
           method ? ToDotted(method->name) : absl::StrCat(static_cast<unsigned>(request.method()))},
          {"handlerId", request.handlerId() ? request.handlerId()->str() : ""}};
      if (request.body_type() != fbs::RequestBody::NONE) {
        absl::StatusOr<nlohmann::json> body =
            TableToJson(request.body(), *requestBody_, static_cast<uint8_t>(request.body_type()));
        if (!body.ok()) return body.status();
        json["body"] = *std::move(body);
      }
      return json;
    }
    case fbs::Body::Response: {
      const fbs::Response& response = *message.data_as_Response();
      nlohmann::json json = {{"id", response.id()}, {"accepted", response.accepted()}};
      if (!response.accepted()) {
        json["error"] = fbs::EnumNameErrorKind(response.error());
        json["reason"] = response.reason() ? response.reason()->str() : "";
        return json;
      }
      absl::StatusOr<nlohmann::json> body = ResponseBody(response);
      if (!body.ok()) return body.status();
      if (!body->is_null()) json["body"] = *std::move(body);
      return json;
    }
    case fbs::Body::Notification:
      return Notification(*message.data_as_Notification());
    case fbs::Body::Log:
      return Log(*message.data_as_Log());
    default:
      return absl::InternalError(
          absl::StrCat("message of unknown type ", static_cast<unsigned>(message.data_type())));
  }
}

}  // namespace weir::detail
