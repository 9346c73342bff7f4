#include "sfu/rtp_parameters.hpp"

namespace weir::sfu {

const char* MediaKindName(MediaKind kind) {
  return kind == MediaKind::kAudio ? "audio" : "video";
}

const char* RtpHeaderExtensionDirectionName(RtpHeaderExtensionDirection direction) {
  switch (direction) {
    case RtpHeaderExtensionDirection::kSendRecv:
      return "sendrecv";
    case RtpHeaderExtensionDirection::kSendOnly:
      return "sendonly";
    case RtpHeaderExtensionDirection::kRecvOnly:
      return "recvonly";
    case RtpHeaderExtensionDirection::kInactive:
      return "inactive";
  }
  return "?";
}

}  // namespace weir::sfu
