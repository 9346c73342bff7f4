#include "base/logging.hpp"

#include <array>

namespace weir::base {

namespace {
constexpr std::array<std::string_view, 4> kLevelNames = {"debug", "warn", "error", "none"};
constexpr std::array<std::string_view, static_cast<size_t>(LogTag::kCount)> kTagNames = {
    "info", "ice",   "dtls",      "rtp", "srtp", "rtcp",   "rtx",
    "bwe",  "score", "simulcast", "svc", "sctp", "message"};
}  // namespace

Logger& Logger::Instance() {
  static Logger logger;
  return logger;
}

std::string_view LogLevelName(LogLevel level) {
  return kLevelNames[static_cast<size_t>(level)];
}

bool ParseLogLevel(std::string_view name, LogLevel* out) {
  for (size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) {
      *out = static_cast<LogLevel>(i);
      return true;
    }
  }
  return false;
}

std::string_view LogTagName(LogTag tag) {
  return kTagNames[static_cast<size_t>(tag)];
}

bool ParseLogTag(std::string_view name, LogTag* out) {
  for (size_t i = 0; i < kTagNames.size(); ++i) {
    if (kTagNames[i] == name) {
      *out = static_cast<LogTag>(i);
      return true;
    }
  }
  return false;
}

}  // namespace weir::base
