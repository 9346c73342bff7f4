#pragma once

// Reference Picture Selection Indication (RFC 4585 6.3.3): payload-specific feedback, FMT 3.
// Its FCI (PB, payload type, a codec-defined bit string, padding) is opaque to the SFU.

#include "proto/rtcp/opaque_feedback.hpp"

namespace weir::proto::rtcp {

using Rpsi = OpaqueFeedback<PsfbFmt::kRpsi>;
using RpsiBuilder = OpaqueFeedbackBuilder<PsfbFmt::kRpsi>;

}  // namespace weir::proto::rtcp
