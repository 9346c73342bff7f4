#include "sfu/ortc/codec_parameter.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <variant>

#include "absl/strings/str_format.h"

namespace weir::sfu::ortc {

std::optional<int64_t> ParameterAsInteger(const ParameterValue& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) {
    // Integral and well inside int64_t's range (2^63 is exactly representable as a double).
    if (std::isfinite(*d) && std::trunc(*d) == *d && std::fabs(*d) < 9.2e18) {
      return static_cast<int64_t>(*d);
    }
    return std::nullopt;
  }
  if (const auto* s = std::get_if<std::string>(&value)) {
    if (s->empty()) return std::nullopt;
    int64_t out = 0;
    const char* end = s->data() + s->size();
    auto [ptr, ec] = std::from_chars(s->data(), end, out);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return out;
  }
  return std::nullopt;  // bool
}

std::optional<std::string> ParameterAsString(const ParameterValue& value, size_t minDigits) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* i = std::get_if<int64_t>(&value)) {
    if (*i < 0) return std::nullopt;
    std::string digits = absl::StrFormat("%d", *i);
    if (digits.size() < minDigits) digits.insert(0, minDigits - digits.size(), '0');
    return digits;
  }
  return std::nullopt;
}

const ParameterValue* FindParameter(const CodecParameters& params, std::string_view key) {
  auto it = params.find(key);
  return it == params.end() ? nullptr : &it->second;
}

std::optional<int64_t> IntegerParameterOr(const CodecParameters& params, std::string_view key,
                                          int64_t fallback) {
  const ParameterValue* value = FindParameter(params, key);
  if (value == nullptr) return fallback;
  return ParameterAsInteger(*value);
}

std::string ParameterToString(const ParameterValue& value) {
  struct Printer {
    std::string operator()(int64_t v) const { return absl::StrFormat("%d", v); }
    std::string operator()(double v) const { return absl::StrFormat("%g", v); }
    std::string operator()(const std::string& v) const { return absl::StrFormat("'%s'", v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
  };
  return std::visit(Printer{}, value);
}

}  // namespace weir::sfu::ortc
