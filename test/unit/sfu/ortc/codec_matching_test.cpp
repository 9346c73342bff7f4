#include "sfu/ortc/codec_matching.hpp"

#include <doctest/doctest.h>

#include "ortc_test_support.hpp"

using namespace weir::sfu;
using namespace weir::sfu::ortc;
using namespace weir::sfu::ortc::test;

namespace {

bool Strict(const RtpCodecCapability& a, const RtpCodecCapability& b) {
  return MatchCodecs(ViewOf(a), ViewOf(b), CodecMatch::kStrict);
}
bool Loose(const RtpCodecCapability& a, const RtpCodecCapability& b) {
  return MatchCodecs(ViewOf(a), ViewOf(b), CodecMatch::kLoose);
}
RtpCodecCapability H264(int64_t mode, std::string plid) {
  return VideoCapability("video/H264", H264Params(mode, std::move(plid)));
}

}  // namespace

TEST_CASE("codecs match on MIME type (any case), clock rate and audio channels") {
  CHECK(Strict(OpusCapability(), OpusCapability()));
  auto upper = OpusCapability();
  upper.mimeType = "AUDIO/OPUS";
  CHECK(Strict(upper, OpusCapability()));
  auto mono = OpusCapability();
  mono.channels = 1;
  CHECK_FALSE(Loose(mono, OpusCapability()));
  auto pcmu = Capability(MediaKind::kAudio, "audio/PCMU", 8000);
  auto pcmu1 = pcmu;
  pcmu1.channels = 1;
  CHECK(Strict(pcmu, pcmu1));  // Absent channels means 1.
  CHECK_FALSE(Loose(Capability(MediaKind::kAudio, "audio/PCMU", 16000), pcmu));
  CHECK_FALSE(Loose(VideoCapability("video/VP8"), VideoCapability("video/VP9")));
}

TEST_CASE("H.264 strict matching: packetization-mode and profile, as browsers do") {
  CHECK(Strict(H264(1, "42e01f"), H264(1, "42e01f")));
  CHECK(Strict(H264(1, "42e01f"), H264(1, "42e034")));        // levels differ: fine
  CHECK(Strict(H264(1, "42e01f"), H264(1, "42c01f")));        // both Constrained Baseline
  CHECK(Strict(H264(1, "4de01f"), H264(1, "42e01f")));        // Main+cs0 is Constrained Baseline
  CHECK_FALSE(Strict(H264(1, "42e01f"), H264(1, "42001f")));  // Constrained vs Baseline
  CHECK_FALSE(Strict(H264(1, "42e01f"), H264(1, "640032")));  // vs High
  CHECK_FALSE(Strict(H264(1, "640032"), H264(1, "640c32")));  // High vs Constrained High
  CHECK_FALSE(Strict(H264(1, "4d001f"), H264(1, "42e01f")));  // Main vs Constrained Baseline
  CHECK_FALSE(Strict(H264(0, "42e01f"), H264(1, "42e01f")));  // packetization-mode differs
  CHECK(Loose(H264(0, "42e01f"), H264(1, "640032")));         // loose ignores all of it

  // Absent packetization-mode is 0; absent profile-level-id is 42e01f.
  auto bare = VideoCapability("video/H264");
  CHECK(Strict(bare, H264(0, "42e01f")));
  CHECK_FALSE(Strict(bare, H264(1, "42e01f")));
  // Values as sdp-transform gives them: 640032 as a number, "1" as a string.
  auto numeric = VideoCapability("video/H264", {{"packetization-mode", std::string("1")},
                                                {"profile-level-id", int64_t{640032}}});
  CHECK(Strict(numeric, H264(1, "640028")));
  CHECK_FALSE(Strict(H264(1, "garbage"), H264(1, "garbage")));
}

TEST_CASE("VP9 strict matching: profile-id (absent is 0)") {
  auto p0 = VideoCapability("video/VP9", {{"profile-id", int64_t{0}}});
  auto p2 = VideoCapability("video/VP9", {{"profile-id", int64_t{2}}});
  CHECK(Strict(VideoCapability("video/VP9"), p0));
  CHECK_FALSE(Strict(p0, p2));
  CHECK(Loose(p0, p2));
}

TEST_CASE("answer profile-level-id through the codec view") {
  auto local = H264(1, "42e034");
  auto remote = VideoCapability("video/H264", {{"packetization-mode", int64_t{1}},
                                               {"profile-level-id", std::string("42e01f")}});
  CHECK(H264AnswerProfileLevelId(ViewOf(local), ViewOf(remote)) == "42e01f");
  remote.parameters["level-asymmetry-allowed"] = int64_t{1};
  CHECK(H264AnswerProfileLevelId(ViewOf(local), ViewOf(remote)) == "42e034");
}
