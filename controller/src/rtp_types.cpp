#include "weir/rtp_types.hpp"

namespace weir {

std::string_view MediaKindName(MediaKind kind) {
  return kind == MediaKind::kVideo ? "video" : "audio";
}

std::optional<MediaKind> ParseMediaKind(std::string_view name) {
  if (name == "audio") return MediaKind::kAudio;
  if (name == "video") return MediaKind::kVideo;
  return std::nullopt;
}

std::string_view ProducerTypeName(ProducerType type) {
  switch (type) {
    case ProducerType::kSimulcast:
      return "simulcast";
    case ProducerType::kSvc:
      return "svc";
    case ProducerType::kSimple:
      break;
  }
  return "simple";
}

std::string_view ConsumerTypeName(ConsumerType type) {
  switch (type) {
    case ConsumerType::kSimulcast:
      return "simulcast";
    case ConsumerType::kSvc:
      return "svc";
    case ConsumerType::kPipe:
      return "pipe";
    case ConsumerType::kSimple:
      break;
  }
  return "simple";
}

}  // namespace weir
