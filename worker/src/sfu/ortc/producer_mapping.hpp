#pragma once

// From a producer's RTP parameters to what the router forwards: how its payload types map onto
// the router's, which SSRCs the router uses for its encodings, and the "consumable" parameters
// every consumer of it is derived from (consumer_parameters.hpp). mediasoup's ortc shapes.

#include "sfu/ortc/ssrc_source.hpp"
#include "sfu/rtp_parameters.hpp"

namespace weir::sfu::ortc {

// Maps every codec of `params` (validated by ValidateRtpParameters) to the router codec it
// matches strictly (codec_matching.hpp: H.264 packetization-mode and profile, VP9 profile-id),
// and every RTX codec, through its apt, to the router's RTX codec of that media codec. Each
// encoding gets a mapped SSRC drawn from `ssrcs`, in order.
// Throws TypeError naming the codec when one matches no router codec, or an RTX codec's media
// codec has no RTX in the router.
RtpMapping GetProducerRtpMapping(const RtpParameters& params, const RtpCapabilities& routerCaps,
                                 const SsrcSource& ssrcs);

// What the router sends of this producer, before any consumer's capabilities narrow it: the
// router's codecs (its payload types, RTCP feedback and RTX) with the producer's codec
// parameters (the H.264 profile-level-id answered as RFC 6184 8.2.2 says), the router's header
// extensions of `kind` that it may send (sendrecv, sendonly), the producer's encodings with their
// mapped SSRCs (rid, rtx and codecPayloadType dropped), and rtcp {cname, reducedSize: true}.
RtpParameters GetConsumableRtpParameters(MediaKind kind, const RtpParameters& params,
                                         const RtpCapabilities& routerCaps,
                                         const RtpMapping& mapping);

}  // namespace weir::sfu::ortc
