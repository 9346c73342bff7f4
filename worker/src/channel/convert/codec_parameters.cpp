#include "channel/convert/codec_parameters.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <variant>

#include "flatbuffers/flexbuffers.h"
#include "sfu/errors.hpp"

namespace weir::channel {

namespace {

sfu::ParameterValue ValueFromFlex(const flexbuffers::Reference& value, std::string_view path,
                                  const char* key) {
  if (value.IsBool()) return value.AsBool();
  if (value.IsInt()) return value.AsInt64();
  if (value.IsUInt()) {
    uint64_t u = value.AsUInt64();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      sfu::ThrowTypeError("%s.parameters.%s: %u is too large", path, key, u);
    }
    return static_cast<int64_t>(u);
  }
  if (value.IsFloat()) {
    double d = value.AsDouble();
    // JSON has no NaN or infinities, and NaN would not even compare equal to itself.
    if (!std::isfinite(d)) sfu::ThrowTypeError("%s.parameters.%s: not a finite number", path, key);
    return d;
  }
  if (value.IsString()) return value.AsString().str();
  if (value.IsKey()) return std::string(value.AsKey());
  if (value.IsNull()) sfu::ThrowTypeError("%s.parameters.%s: null is not a value", path, key);
  sfu::ThrowTypeError("%s.parameters.%s: only strings, numbers and booleans are allowed", path,
                      key);
}

}  // namespace

sfu::CodecParameters CodecParametersFromFbs(const flatbuffers::Vector<uint8_t>* flex,
                                            std::string_view path) {
  sfu::CodecParameters params;
  if (flex == nullptr || flex->size() == 0) return params;
  if (!flexbuffers::VerifyBuffer(flex->data(), flex->size())) {
    sfu::ThrowTypeError("%s.parameters: not a valid FlexBuffer", path);
  }
  auto root = flexbuffers::GetRoot(flex->data(), flex->size());
  if (!root.IsMap()) sfu::ThrowTypeError("%s.parameters: not an object", path);
  auto map = root.AsMap();
  auto keys = map.Keys();
  auto values = map.Values();
  for (size_t i = 0; i < keys.size(); ++i) {
    const char* key = keys[i].AsKey();
    params.insert_or_assign(std::string(key), ValueFromFlex(values[i], path, key));
  }
  return params;
}

flatbuffers::Offset<flatbuffers::Vector<uint8_t>> CodecParametersToFbs(
    flatbuffers::FlatBufferBuilder& builder, const sfu::CodecParameters& params) {
  flexbuffers::Builder flex;
  auto start = flex.StartMap();
  for (const auto& [key, value] : params) {
    const char* k = key.c_str();
    if (const auto* i = std::get_if<int64_t>(&value)) {
      flex.Int(k, *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      flex.Double(k, *d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      flex.String(k, *s);
    } else {
      flex.Bool(k, std::get<bool>(value));
    }
  }
  flex.EndMap(start);
  flex.Finish();
  return builder.CreateVector(flex.GetBuffer());
}

}  // namespace weir::channel
