#pragma once

// From a producer's consumable parameters (producer_mapping.hpp) and a remote endpoint's RTP
// capabilities to what a consumer sends that endpoint. mediasoup's ortc shapes.

#include "sfu/ortc/ssrc_source.hpp"
#include "sfu/rtp_parameters.hpp"

namespace weir::sfu::ortc {

// Whether the remote endpoint can receive at least one media codec of the producer (strict
// match, codec_matching.hpp). Throws TypeError if `remoteCaps` is malformed.
bool CanConsume(const RtpParameters& consumableParams, const RtpCapabilities& remoteCaps);

struct ConsumerOptions {
  // Consume every encoding as its own stream (what a pipe to another router needs) instead of
  // one stream switching between them.
  bool pipe = false;
  // Keep sent packets for retransmission and answer NACKs: RTX codecs and generic NACK feedback
  // stay only when true (mediasoup's default: true for video, false for audio).
  bool enableRtx = true;
};

// The consumer's parameters: the consumable codecs the remote supports (strict match; in the
// producer's codec order; RTX only when enabled and both sides have it for a kept media codec),
// each with the RTCP feedback both sides support, then reduced to one congestion-control
// mechanism (transport-cc when the transport-wide-cc extension is kept, else goog-remb when
// abs-send-time is, else neither); the consumable header extensions the remote supports with
// the same id and may receive (sendrecv or recvonly); and fresh SSRCs, each drawn from `ssrcs`
// (the media SSRC first, then its RTX SSRC):
//   - not pipe: one encoding {ssrc, rtx {ssrc} with RTX, scalabilityMode, maxBitrate}, where
//     several simulcast encodings of LxTy become "S<n>T<y>" and one encoding keeps its mode; the
//     highest maxBitrate of the producer's encodings;
//   - pipe: one per producer encoding (its fields kept, SSRCs fresh).
// rtcp is the consumable rtcp. Throws TypeError if `remoteCaps` is malformed or no media codec
// matches.
RtpParameters GetConsumerRtpParameters(const RtpParameters& consumableParams,
                                       const RtpCapabilities& remoteCaps,
                                       const ConsumerOptions& options, const SsrcSource& ssrcs);

// A PipeTransport consumer's parameters (the other end is another Weir router, which speaks the
// same codecs): all consumable codecs (RTX only when enabled) with only the feedback a pipe uses
// (PLI, FIR, and NACK when RTX is enabled), the header extensions but MID and the bandwidth
// estimation ones (abs-send-time, transport-wide-cc), and one encoding per producer encoding
// with fresh SSRCs from `ssrcs` (media, then RTX, encoding by encoding).
RtpParameters GetPipeConsumerRtpParameters(const RtpParameters& consumableParams, bool enableRtx,
                                           const SsrcSource& ssrcs);

}  // namespace weir::sfu::ortc
