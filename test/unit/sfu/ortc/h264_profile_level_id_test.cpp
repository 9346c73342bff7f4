#include "sfu/ortc/h264_profile_level_id.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace weir::sfu;
using namespace weir::sfu::ortc;

namespace {

std::optional<H264ProfileLevelId> P(std::string_view s) {
  return ParseH264ProfileLevelId(s);
}
H264ProfileLevelId Id(H264Profile p, H264Level l) {
  return {p, l};
}
CodecParameters Plid(std::string s) {
  return {{"profile-level-id", std::move(s)}};
}
CodecParameters PlidAsym(std::string s) {
  return {{"profile-level-id", std::move(s)}, {"level-asymmetry-allowed", int64_t{1}}};
}

}  // namespace

TEST_CASE("profile-level-id: profiles by profile_idc and profile-iop patterns") {
  using enum H264Profile;
  CHECK(P("42e01f") == Id(kConstrainedBaseline, H264Level::k3_1));
  CHECK(P("42c01f") == Id(kConstrainedBaseline, H264Level::k3_1));  // cs0+cs1
  CHECK(P("42401f") == Id(kConstrainedBaseline, H264Level::k3_1));  // cs1 only
  CHECK(P("4de01f") == Id(kConstrainedBaseline, H264Level::k3_1));  // Main with cs0
  CHECK(P("58c01f") == Id(kConstrainedBaseline, H264Level::k3_1));  // Extended with cs0+cs1
  CHECK(P("42001f") == Id(kBaseline, H264Level::k3_1));
  CHECK(P("42a01f") == Id(kBaseline, H264Level::k3_1));  // cs0+cs2, no cs1
  CHECK(P("58801f") == Id(kBaseline, H264Level::k3_1));
  CHECK(P("4d001f") == Id(kMain, H264Level::k3_1));
  CHECK(P("4d401f") == Id(kMain, H264Level::k3_1));  // cs1 is "don't care" for Main
  CHECK(P("640032") == Id(kHigh, H264Level::k5));
  CHECK(P("640c1f") == Id(kConstrainedHigh, H264Level::k3_1));
  CHECK(P("f40033") == Id(kPredictiveHigh444, H264Level::k5_1));
  CHECK(P("42E01F") == Id(kConstrainedBaseline, H264Level::k3_1));  // hex is case-insensitive
}

TEST_CASE("profile-level-id: levels, including 1b (level_idc 11 with constraint_set3)") {
  using enum H264Profile;
  CHECK(P("42f00b") == Id(kConstrainedBaseline, H264Level::k1b));
  CHECK(P("42100b") == Id(kBaseline, H264Level::k1b));
  CHECK(P("4d100b") == Id(kMain, H264Level::k1b));
  CHECK(P("42e00b") == Id(kConstrainedBaseline, H264Level::k1_1));  // no cs3: level 1.1
  CHECK(P("42e00a") == Id(kConstrainedBaseline, H264Level::k1));
  CHECK(P("42e034") == Id(kConstrainedBaseline, H264Level::k5_2));
  CHECK(P("64003e") == Id(kHigh, H264Level::k6_2));
}

TEST_CASE("profile-level-id: invalid strings") {
  for (const char* bad : {"", "42e01", "42e01f0", "gge01f", "42e0 f", "42e0ff", "640010", "64ff1f",
                          "7a001f", "420f1f", "4d201f", "000000"}) {
    CAPTURE(bad);
    CHECK_FALSE(P(bad).has_value());
  }
}

TEST_CASE("profile-level-id: to string and back") {
  using enum H264Profile;
  for (auto profile :
       {kConstrainedBaseline, kBaseline, kMain, kConstrainedHigh, kHigh, kPredictiveHigh444}) {
    for (auto level : {H264Level::k1, H264Level::k3_1, H264Level::k5_2, H264Level::k6_2}) {
      auto text = H264ProfileLevelIdToString({profile, level});
      REQUIRE(text.has_value());
      CHECK(P(*text) == Id(profile, level));
    }
  }
  CHECK(H264ProfileLevelIdToString({kConstrainedBaseline, H264Level::k3_1}) == "42e01f");
  CHECK(H264ProfileLevelIdToString({kHigh, H264Level::k4}) == "640028");
  CHECK(H264ProfileLevelIdToString({kConstrainedBaseline, H264Level::k1b}) == "42f00b");
  CHECK(H264ProfileLevelIdToString({kBaseline, H264Level::k1b}) == "42100b");
  CHECK(H264ProfileLevelIdToString({kMain, H264Level::k1b}) == "4d100b");
  CHECK_FALSE(H264ProfileLevelIdToString({kHigh, H264Level::k1b}).has_value());
}

TEST_CASE("profile-level-id: level order puts 1b between 1 and 1.1") {
  CHECK(H264LevelLess(H264Level::k1, H264Level::k1b));
  CHECK(H264LevelLess(H264Level::k1b, H264Level::k1_1));
  CHECK_FALSE(H264LevelLess(H264Level::k1b, H264Level::k1));
  CHECK_FALSE(H264LevelLess(H264Level::k1b, H264Level::k1b));
  CHECK(H264LevelLess(H264Level::k3_1, H264Level::k5_2));
  CHECK_FALSE(H264LevelLess(H264Level::k3_1, H264Level::k3_1));
}

TEST_CASE("profile-level-id from SDP parameters: absent is 42e01f; numbers from sdp-transform") {
  CHECK(ParseSdpH264ProfileLevelId({}) == kDefaultH264ProfileLevelId);
  CHECK(ParseSdpH264ProfileLevelId({{"profile-level-id", int64_t{640032}}}) ==
        Id(H264Profile::kHigh, H264Level::k5));
  CHECK_FALSE(ParseSdpH264ProfileLevelId({{"profile-level-id", 1.5}}).has_value());
  CHECK_FALSE(ParseSdpH264ProfileLevelId({{"profile-level-id", std::string("xyz")}}).has_value());
}

TEST_CASE("same profile: levels may differ, profiles may not") {
  CHECK(IsSameH264Profile(Plid("42e01f"), Plid("42e034")));
  CHECK(IsSameH264Profile(Plid("42e01f"), Plid("4de01f")));
  CHECK(IsSameH264Profile(Plid("42e01f"), {}));  // absent = Constrained Baseline
  CHECK_FALSE(IsSameH264Profile(Plid("42e01f"), Plid("42001f")));
  CHECK_FALSE(IsSameH264Profile(Plid("42001f"), {}));
  CHECK_FALSE(IsSameH264Profile(Plid("42e01f"), Plid("640032")));
  CHECK_FALSE(IsSameH264Profile(Plid("640032"), Plid("640c32")));
  CHECK_FALSE(IsSameH264Profile(Plid("4d001f"), Plid("42e01f")));
  CHECK_FALSE(IsSameH264Profile(Plid("zzzzzz"), Plid("zzzzzz")));
}

TEST_CASE("answer profile-level-id: level asymmetry (RFC 6184 8.2.2)") {
  auto answer = GenerateH264ProfileLevelIdForAnswer({}, {});
  CHECK(answer.ok);
  CHECK_FALSE(answer.profileLevelId.has_value());

  // Both allow asymmetry: the local level stands.
  answer = GenerateH264ProfileLevelIdForAnswer(PlidAsym("42e034"), PlidAsym("42e01f"));
  CHECK(answer.ok);
  CHECK(answer.profileLevelId == "42e034");
  // Only one side allows it: never above the offered level.
  answer = GenerateH264ProfileLevelIdForAnswer(PlidAsym("42e034"), Plid("42e01f"));
  CHECK(answer.profileLevelId == "42e01f");
  answer = GenerateH264ProfileLevelIdForAnswer(Plid("42e01f"), Plid("42e034"));
  CHECK(answer.profileLevelId == "42e01f");
  // One side absent: it is 42e01f (level 3.1).
  answer = GenerateH264ProfileLevelIdForAnswer({}, Plid("42e00a"));
  CHECK(answer.profileLevelId == "42e00a");
  answer = GenerateH264ProfileLevelIdForAnswer(Plid("42f00b"), Plid("42e00a"));
  CHECK(answer.profileLevelId == "42e00a");
  // Different profiles, or garbage: no answer.
  CHECK_FALSE(GenerateH264ProfileLevelIdForAnswer(Plid("42e01f"), Plid("42001f")).ok);
  CHECK_FALSE(GenerateH264ProfileLevelIdForAnswer(Plid("nothex"), {}).ok);
}

TEST_CASE("level-asymmetry-allowed: 1 as a number or a string") {
  CHECK(IsH264LevelAsymmetryAllowed({{"level-asymmetry-allowed", int64_t{1}}}));
  CHECK(IsH264LevelAsymmetryAllowed({{"level-asymmetry-allowed", std::string("1")}}));
  CHECK_FALSE(IsH264LevelAsymmetryAllowed({{"level-asymmetry-allowed", int64_t{0}}}));
  CHECK_FALSE(IsH264LevelAsymmetryAllowed({}));
}
