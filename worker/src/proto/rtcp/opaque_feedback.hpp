#pragma once

// Payload-specific feedback an SFU forwards or drops but does not interpret: SLI (RFC 4585
// 6.3.2, FMT 2) and RPSI (RFC 4585 6.3.3, FMT 3). Their FCI is kept as opaque bytes; Sli and
// Rpsi (sli.hpp, rpsi.hpp) are this template with their FMT.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"
#include "proto/rtcp/feedback.hpp"
#include "proto/rtcp/packet.hpp"
#include "proto/rtcp/packet_builder.hpp"

namespace weir::proto::rtcp {

template <PsfbFmt kFmt>
class OpaqueFeedback {
 public:
  // Fails unless the packet is a PSFB with this FMT and a non-empty FCI (both SLI and RPSI
  // carry at least one 32-bit word).
  static std::optional<OpaqueFeedback> Parse(const Packet& packet) {
    auto fb = FeedbackMessage::Parse(packet, kFmt);
    if (!fb || fb->fci.empty()) return std::nullopt;
    return OpaqueFeedback(*fb);
  }

  uint32_t sender_ssrc() const { return fb_.senderSsrc; }
  uint32_t media_ssrc() const { return fb_.mediaSsrc; }
  base::ByteView fci() const { return fb_.fci; }

 private:
  explicit OpaqueFeedback(const FeedbackMessage& fb) : fb_(fb) {}
  FeedbackMessage fb_;
};

template <PsfbFmt kFmt>
struct OpaqueFeedbackBuilder {
  uint32_t senderSsrc = 0;
  uint32_t mediaSsrc = 0;
  base::ByteView fci;  // A non-zero multiple of 4 bytes.

  size_t Size() const {
    if (fci.empty() || fci.size() % 4 != 0) return 0;
    size_t n = kFeedbackHeaderSize + fci.size();
    return n <= kMaxPacketSize ? n : 0;
  }
  size_t Serialize(base::MutableByteView out) const {
    size_t size = Size();
    if (size == 0 || out.size() < size) return 0;
    WriteFeedbackHeader(out.data(), kFmt, size, senderSsrc, mediaSsrc);
    std::memcpy(out.data() + kFeedbackHeaderSize, fci.data(), fci.size());
    return size;
  }
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }
};

}  // namespace weir::proto::rtcp
