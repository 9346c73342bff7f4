#pragma once

// Slice Loss Indication (RFC 4585 6.3.2): payload-specific feedback, FMT 2. Its FCI items
// (First: 13 bits, Number: 13 bits, PictureID: 6 bits) are codec-specific, so the SFU treats
// them as opaque bytes.

#include "proto/rtcp/opaque_feedback.hpp"

namespace weir::proto::rtcp {

using Sli = OpaqueFeedback<PsfbFmt::kSli>;
using SliBuilder = OpaqueFeedbackBuilder<PsfbFmt::kSli>;

}  // namespace weir::proto::rtcp
