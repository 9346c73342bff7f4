#pragma once

// Logging for every layer. The core never writes to a file or a socket: it hands each line to a
// LogSink (the channel forwards it to the controller as a Log message; tests capture it).
//
// Filtering: a line is emitted when its level is at or above the configured level, and a debug
// line additionally needs its tag enabled (`--log-tags ice,dtls`), so that turning on one topic
// does not flood the channel with every other topic's debug lines. Warnings and errors are
// emitted whatever the tags.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_format.h"

namespace weir::base {

enum class LogLevel : uint8_t { kDebug = 0, kWarn = 1, kError = 2, kNone = 3 };

enum class LogTag : uint8_t {
  kInfo = 0,
  kIce,
  kDtls,
  kRtp,
  kSrtp,
  kRtcp,
  kRtx,
  kBwe,
  kScore,
  kSimulcast,
  kSvc,
  kSctp,
  kMessage,
  kCount,
};

std::string_view LogLevelName(LogLevel level);
bool ParseLogLevel(std::string_view name, LogLevel* out);
std::string_view LogTagName(LogTag tag);
bool ParseLogTag(std::string_view name, LogTag* out);

class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void Write(LogLevel level, LogTag tag, std::string_view text) = 0;
};

class Logger {
 public:
  static Logger& Instance();

  void SetSink(LogSink* sink) { sink_ = sink; }
  void SetLevel(LogLevel level) { level_ = level; }
  LogLevel level() const { return level_; }
  void SetTags(uint32_t mask) { tags_ = mask; }
  uint32_t tags() const { return tags_; }
  static constexpr uint32_t TagBit(LogTag tag) { return 1u << static_cast<uint32_t>(tag); }

  bool Enabled(LogLevel level, LogTag tag) const {
    if (sink_ == nullptr || level < level_) return false;
    return level != LogLevel::kDebug || (tags_ & TagBit(tag)) != 0 || tag == LogTag::kInfo;
  }
  void Write(LogLevel level, LogTag tag, std::string_view text) {
    if (sink_ != nullptr) sink_->Write(level, tag, text);
  }

 private:
  LogSink* sink_ = nullptr;
  LogLevel level_ = LogLevel::kError;
  uint32_t tags_ = 0;
};

}  // namespace weir::base

// The format arguments are only evaluated when the line will be emitted.
#define WEIR_LOG(level, tag, ...)                                    \
  do {                                                               \
    auto& weirLogger_ = ::weir::base::Logger::Instance();            \
    if (weirLogger_.Enabled(level, tag))                             \
      weirLogger_.Write(level, tag, ::absl::StrFormat(__VA_ARGS__)); \
  } while (0)

#define WEIR_DEBUG(tag, ...) \
  WEIR_LOG(::weir::base::LogLevel::kDebug, ::weir::base::LogTag::tag, __VA_ARGS__)
#define WEIR_WARN(tag, ...) \
  WEIR_LOG(::weir::base::LogLevel::kWarn, ::weir::base::LogTag::tag, __VA_ARGS__)
#define WEIR_ERROR(tag, ...) \
  WEIR_LOG(::weir::base::LogLevel::kError, ::weir::base::LogTag::tag, __VA_ARGS__)
