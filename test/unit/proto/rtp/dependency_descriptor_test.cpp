#include "proto/rtp/dependency_descriptor.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace weir::proto::rtp {
namespace {

using Dti = DecodeTargetIndication;
constexpr Dti kN = Dti::kNotPresent;
constexpr Dti kD = Dti::kDiscardable;
constexpr Dti kS = Dti::kSwitch;
constexpr Dti kR = Dti::kRequired;

// A bit layout written out by hand: '0' and '1' are bits (most significant first), anything
// after '#' up to the end of the line is commentary, everything else is ignored. The last
// byte is completed with zero bits (the descriptor's zero_padding).
std::vector<uint8_t> Bits(std::string_view layout) {
  std::vector<uint8_t> out;
  size_t n = 0;
  bool comment = false;
  for (char c : layout) {
    if (c == '\n') comment = false;
    if (c == '#') comment = true;
    if (comment || (c != '0' && c != '1')) continue;
    if (n % 8 == 0) out.push_back(0);
    if (c == '1') out.back() |= static_cast<uint8_t>(0x80 >> (n % 8));
    ++n;
  }
  return out;
}

// L1T3 (one spatial layer, three temporal layers) keyframe: 160 bits, 20 bytes.
constexpr std::string_view kL1T3Keyframe = R"(
  1                 # start_of_frame
  1                 # end_of_frame
  000000            # frame_dependency_template_id = 0
  0000000000000001  # frame_number = 1
  1                 # template_dependency_structure_present_flag
  0                 # active_decode_targets_present_flag
  0                 # custom_dtis_flag
  0                 # custom_fdiffs_flag
  0                 # custom_chains_flag
  # template_dependency_structure()
  000000            # template_id_offset = 0
  00010             # dt_cnt_minus_one = 2: DT0 = T0, DT1 = T0+T1, DT2 = T0+T1+T2
  # template_layers(): next_layer_idc after each template
  00                # #0 S0T0 (key)  -> same layer
  01                # #1 S0T0        -> T1
  01                # #2 S0T1        -> T2
  00                # #3 S0T2        -> same layer
  11                # #4 S0T2        -> no more (5 templates)
  # template_dtis(): DT0 DT1 DT2
  10 10 10          # #0 S S S
  10 10 10          # #1 S S S
  00 01 10          # #2 - D S
  00 00 01          # #3 - - D
  00 00 01          # #4 - - D
  # template_fdiffs(): fdiff_follows_flag, fdiff_minus_one(4) ...
  0                 # #0 {}
  1 0011 0          # #1 {4}
  1 0001 0          # #2 {2}
  1 0000 0          # #3 {1}
  1 0000 0          # #4 {1}
  # template_chains()
  01                # chain_cnt = ns(4) = 1; decode_target_protected_by = ns(1): no bits
  0000              # #0 chain 0 fdiff 0
  0100              # #1 4
  0010              # #2 2
  0001              # #3 1
  0011              # #4 3
  1                 # resolutions_present_flag
  0000001001111111  # max_render_width_minus_1[0] = 639
  0000000101100111  # max_render_height_minus_1[0] = 359
  # frame_dependency_definition(): template #0, nothing custom; no padding needed.
)";

// L1T3 delta frames: 3-byte descriptors referencing the structure above.
constexpr std::string_view kL1T3FrameT2 = R"(
  1 1 000011 0000000000000010   # start, end, template 3 (S0T2), frame_number 2
)";
constexpr std::string_view kL1T3FrameT1 = R"(
  1 0 000010 0000000000000011   # start, not end, template 2 (S0T1), frame_number 3
)";

// An L1T3 frame with every per-frame extension: 78 bits, 10 bytes.
constexpr std::string_view kL1T3Custom = R"(
  1 0 000010 0000000011111111   # start, template 2 (S0T1), frame_number 255
  0 1 1 1 1                     # no structure; mask, custom DTIs, fdiffs and chains follow
  011                           # active_decode_targets_bitmask (f(3)): DT0 and DT1
  00 11 10                      # frame_dti: - R S
  01 0001                       # next_fdiff_size 1: fdiff 2
  10 00010000                   # next_fdiff_size 2: fdiff 17
  11 111111111111               # next_fdiff_size 3: fdiff 4096
  00                            # no more fdiffs
  00000101                      # frame_chain_fdiff[0] = 5
  00                            # zero_padding
)";

// L3T3 (three spatial layers, three temporal layers) keyframe: 536 bits, 67 bytes.
// Decode target d = 3 * s + t is "spatial layers up to s, temporal layers up to t"; chain c
// protects the targets of spatial layer c. DTIs of template (s,t) for target (s',t'): "-" if
// s' < s or t' < t, "D" for T2 frames, "S" for the template's own target, "R" otherwise.
constexpr std::string_view kL3T3Keyframe = R"(
  1 0 000101 0001001000110100   # start, not end, template 5 (= offset: S0T0), frame 0x1234
  1 1 0 0 0                     # structure and active mask follow; nothing custom
  # template_dependency_structure()
  000101                        # template_id_offset = 5
  01000                         # dt_cnt_minus_one = 8 (9 decode targets)
  # next_layer_idc: S0T0 -> T1 -> T2 => S1T0 -> T1 -> T2 => S2T0 -> T1 -> T2 -> end
  01 01 10 01 01 10 01 01 11
  # template_dtis()  DT: 0(S0T0) 1(S0T1) 2(S0T2) 3(S1T0) 4(S1T1) 5(S1T2) 6(S2T0) 7(S2T1) 8(S2T2)
  10 11 11 11 11 11 11 11 11    # S0T0: S R R R R R R R R
  00 10 11 00 11 11 00 11 11    # S0T1: - S R - R R - R R
  00 00 01 00 00 01 00 00 01    # S0T2: - - D - - D - - D
  00 00 00 10 11 11 11 11 11    # S1T0: - - - S R R R R R
  00 00 00 00 10 11 00 11 11    # S1T1: - - - - S R - R R
  00 00 00 00 00 01 00 00 01    # S1T2: - - - - - D - - D
  00 00 00 00 00 00 10 11 11    # S2T0: - - - - - - S R R
  00 00 00 00 00 00 00 10 11    # S2T1: - - - - - - - S R
  00 00 00 00 00 00 00 00 01    # S2T2: - - - - - - - - D
  # template_fdiffs()
  1 1011 0                      # S0T0 {12}
  1 0101 0                      # S0T1 {6}
  1 0010 0                      # S0T2 {3}
  1 0000 1 1011 0               # S1T0 {1, 12}
  1 0000 1 0101 0               # S1T1 {1, 6}
  1 0000 1 0010 0               # S1T2 {1, 3}
  1 0000 1 1011 0               # S2T0 {1, 12}
  1 0000 1 0101 0               # S2T1 {1, 6}
  1 0000 1 0010 0               # S2T2 {1, 3}
  # template_chains()
  011                           # chain_cnt = ns(10) = 3 (w = 4, m = 6: 3 bits)
  0 0 0 10 10 10 11 11 11       # decode_target_protected_by = ns(3): 0 0 0 1 1 1 2 2 2
  1100 1011 1010                # S0T0 chain fdiffs 12 11 10
  0110 0101 0100                # S0T1 6 5 4
  0011 0010 0001                # S0T2 3 2 1
  0001 1100 1011                # S1T0 1 12 11
  0111 0110 0101                # S1T1 7 6 5
  0100 0011 0010                # S1T2 4 3 2
  0010 0001 1100                # S2T0 2 1 12
  1000 0111 0110                # S2T1 8 7 6
  0101 0100 0011                # S2T2 5 4 3
  1                             # resolutions_present_flag
  0000000100111111 0000000010110011   # S0: 320x180
  0000001001111111 0000000101100111   # S1: 640x360
  0000010011111111 0000001011001111   # S2: 1280x720
  # back in extended_descriptor_fields()
  000111111                     # active_decode_targets_bitmask (f(9)): DT0..DT5 (S0, S1)
)";

constexpr std::string_view kL3T3FrameS2T1 = R"(
  0 1 001100 0001001000111111   # not start, end, template 12 (5 + 7: S2T1), frame 0x123F
)";

DependencyStructure MustParseStructure(std::string_view layout) {
  DependencyStructure s;
  auto bytes = Bits(layout);
  REQUIRE(ParseDependencyStructure(bytes, &s));
  return s;
}

// The L1T3 structure built field by field, as an encoder would.
DependencyStructure L1T3Structure() {
  DependencyStructure s;
  s.templateIdOffset = 0;
  s.decodeTargetCount = 3;
  s.chainCount = 1;
  s.templateCount = 5;
  struct T {
    uint8_t tid;
    std::array<Dti, 3> dtis;
    std::vector<uint8_t> fdiffs;
    uint8_t chainFdiff;
  };
  const T ts[] = {{0, {kS, kS, kS}, {}, 0},
                  {0, {kS, kS, kS}, {4}, 4},
                  {1, {kN, kD, kS}, {2}, 2},
                  {2, {kN, kN, kD}, {1}, 1},
                  {2, {kN, kN, kD}, {1}, 3}};
  for (size_t i = 0; i < 5; ++i) {
    auto& t = s.templates[i];
    t.spatialId = 0;
    t.temporalId = ts[i].tid;
    std::copy(ts[i].dtis.begin(), ts[i].dtis.end(), t.dtis.begin());
    t.fdiffCount = static_cast<uint8_t>(ts[i].fdiffs.size());
    std::copy(ts[i].fdiffs.begin(), ts[i].fdiffs.end(), t.fdiffs.begin());
    t.chainFdiffs[0] = ts[i].chainFdiff;
  }
  s.decodeTargetProtectedBy[0] = s.decodeTargetProtectedBy[1] = s.decodeTargetProtectedBy[2] = 0;
  s.hasResolutions = true;
  s.spatialLayerCount = 1;
  s.resolutions[0] = {640, 360};
  s.DeriveDecodeTargetLayers();
  return s;
}

TEST_CASE("Bits() packs most significant bit first and zero-pads") {
  CHECK(Bits("1 0000000 # a comment with 1s and 0s\n 1") == std::vector<uint8_t>{0x80, 0x80});
  CHECK(Bits("11") == std::vector<uint8_t>{0xC0});
}

TEST_CASE("L1T3 keyframe: structure") {
  auto bytes = Bits(kL1T3Keyframe);
  REQUIRE(bytes.size() == 20);
  DependencyStructure s = MustParseStructure(kL1T3Keyframe);
  CHECK(s.templateIdOffset == 0);
  CHECK(s.decodeTargetCount == 3);
  CHECK(s.templateCount == 5);
  CHECK(s.chainCount == 1);
  CHECK(s.spatialLayerCount == 1);
  CHECK(s.templates[2].temporalId == 1);
  CHECK(s.templates[4].temporalId == 2);
  CHECK(s.templates[2].dtis[0] == kN);
  CHECK(s.templates[2].dtis[1] == kD);
  CHECK(s.templates[2].dtis[2] == kS);
  CHECK(s.templates[0].fdiffCount == 0);
  CHECK(s.templates[1].fdiffCount == 1);
  CHECK(s.templates[1].fdiffs[0] == 4);
  CHECK(s.templates[4].chainFdiffs[0] == 3);
  // decode_target_layers(): DT0 = T0, DT1 = up to T1, DT2 = up to T2.
  CHECK(s.decodeTargetTemporalId[0] == 0);
  CHECK(s.decodeTargetTemporalId[1] == 1);
  CHECK(s.decodeTargetTemporalId[2] == 2);
  CHECK(s.decodeTargetSpatialId[2] == 0);
  REQUIRE(s.hasResolutions);
  CHECK(s.resolutions[0] == RenderResolution{640, 360});
  CHECK(s == L1T3Structure());
}

TEST_CASE("L1T3 keyframe: frame description, and written back bit for bit") {
  auto bytes = Bits(kL1T3Keyframe);
  DependencyDescriptor d;
  REQUIRE(ParseDependencyDescriptor(bytes, nullptr, &d));
  CHECK(d.startOfFrame);
  CHECK(d.endOfFrame);
  CHECK(d.frameNumber == 1);
  CHECK(d.hasStructure);
  CHECK_FALSE(d.activeDecodeTargetsPresent);
  CHECK(d.activeDecodeTargets == 0b111u);  // A new structure activates every target.
  CHECK(d.spatialId == 0);
  CHECK(d.temporalId == 0);
  CHECK(d.decodeTargetCount == 3);
  CHECK(d.dtis[0] == kS);
  CHECK(d.fdiffCount == 0);
  CHECK(d.chainCount == 1);
  CHECK(d.chainFdiffs[0] == 0);
  CHECK(d.resolution == RenderResolution{640, 360});

  std::vector<uint8_t> out(64, 0xEE);  // Garbage: the writer must clear what it uses.
  size_t n = SerializeDependencyDescriptor(d, L1T3Structure(), out);
  out.resize(n);
  CHECK(out == bytes);
}

TEST_CASE("L1T3 delta frames resolve against the keyframe's structure") {
  DependencyStructure s = MustParseStructure(kL1T3Keyframe);
  auto t2 = Bits(kL1T3FrameT2);
  REQUIRE(t2.size() == 3);
  DependencyDescriptor d;
  CHECK_FALSE(ParseDependencyDescriptor(t2, nullptr, &d));  // No structure yet.
  REQUIRE(ParseDependencyDescriptor(t2, &s, &d));
  CHECK(d.frameNumber == 2);
  CHECK_FALSE(d.hasStructure);
  CHECK_FALSE(d.activeDecodeTargets);
  CHECK(d.temporalId == 2);
  CHECK(d.dtis[0] == kN);
  CHECK(d.dtis[1] == kN);
  CHECK(d.dtis[2] == kD);
  REQUIRE(d.fdiffCount == 1);
  CHECK(d.ReferencedFrame(0) == 1);
  CHECK(d.chainFdiffs[0] == 1);

  auto t1 = Bits(kL1T3FrameT1);
  REQUIRE(ParseDependencyDescriptor(t1, &s, &d));
  CHECK(d.frameNumber == 3);
  CHECK_FALSE(d.endOfFrame);
  CHECK(d.temporalId == 1);
  CHECK(d.dtis[1] == kD);
  CHECK(d.fdiffs[0] == 2);
  CHECK(d.ReferencedFrame(0) == 1);

  std::vector<uint8_t> out(8);
  out.resize(SerializeDependencyDescriptor(d, s, out));
  CHECK(out == t1);

  auto m = ParseDependencyDescriptorMandatory(t1);
  REQUIRE(m);
  CHECK(m->startOfFrame);
  CHECK_FALSE(m->endOfFrame);
  CHECK(m->templateId == 2);
  CHECK(m->frameNumber == 3);
  CHECK_FALSE(ParseDependencyDescriptorMandatory(base::ByteView(t1).first(2)));
}

TEST_CASE("custom DTIs, fdiffs of every size, chains and the active mask") {
  DependencyStructure s = MustParseStructure(kL1T3Keyframe);
  auto bytes = Bits(kL1T3Custom);
  REQUIRE(bytes.size() == 10);
  DependencyDescriptor d;
  REQUIRE(ParseDependencyDescriptor(bytes, &s, &d));
  CHECK(d.frameNumber == 255);
  CHECK(d.activeDecodeTargetsPresent);
  CHECK(d.activeDecodeTargets == 0b011u);
  CHECK(d.activeDecodeTargetsBitOffset == 29);
  CHECK(d.temporalId == 1);  // Layers still come from the template.
  CHECK(d.dtis[0] == kN);
  CHECK(d.dtis[1] == kR);
  CHECK(d.dtis[2] == kS);
  REQUIRE(d.fdiffCount == 3);
  CHECK(d.fdiffs[0] == 2);
  CHECK(d.fdiffs[1] == 17);
  CHECK(d.fdiffs[2] == 4096);
  CHECK(d.ReferencedFrame(2) == static_cast<uint16_t>(255 - 4096));
  CHECK(d.chainFdiffs[0] == 5);

  std::vector<uint8_t> out(16);
  out.resize(SerializeDependencyDescriptor(d, s, out));
  CHECK(out == bytes);
}

TEST_CASE("L3T3 keyframe: structure, mask after the structure, resolutions") {
  auto bytes = Bits(kL3T3Keyframe);
  REQUIRE(bytes.size() == 67);
  DependencyStructure s = MustParseStructure(kL3T3Keyframe);
  CHECK(s.templateIdOffset == 5);
  CHECK(s.decodeTargetCount == 9);
  CHECK(s.templateCount == 9);
  CHECK(s.chainCount == 3);
  CHECK(s.spatialLayerCount == 3);
  for (size_t i = 0; i < 9; ++i) {
    CAPTURE(i);
    CHECK(s.templates[i].spatialId == i / 3);
    CHECK(s.templates[i].temporalId == i % 3);
    // Each decode target (s, t) contains layers up to s and t, and chain s protects it.
    CHECK(s.decodeTargetSpatialId[i] == i / 3);
    CHECK(s.decodeTargetTemporalId[i] == i % 3);
    CHECK(s.decodeTargetProtectedBy[i] == i / 3);
  }
  CHECK(s.templates[3].fdiffCount == 2);
  CHECK(s.templates[3].fdiffs[0] == 1);
  CHECK(s.templates[3].fdiffs[1] == 12);
  CHECK(s.templates[6].chainFdiffs[2] == 12);
  CHECK(s.templates[4].dtis[4] == kS);
  CHECK(s.templates[4].dtis[3] == kN);
  CHECK(s.templates[5].dtis[8] == kD);
  CHECK(s.resolutions[0] == RenderResolution{320, 180});
  CHECK(s.resolutions[1] == RenderResolution{640, 360});
  CHECK(s.resolutions[2] == RenderResolution{1280, 720});

  DependencyDescriptor d;
  REQUIRE(ParseDependencyDescriptor(bytes, nullptr, &d));
  CHECK(d.startOfFrame);
  CHECK_FALSE(d.endOfFrame);
  CHECK(d.frameNumber == 0x1234);
  CHECK(d.hasStructure);
  CHECK(d.activeDecodeTargets == 0x3Fu);
  CHECK(d.activeDecodeTargetsBitOffset == 536 - 9);
  CHECK(d.spatialId == 0);
  CHECK(d.chainCount == 3);
  CHECK(d.chainFdiffs[0] == 12);
  CHECK(d.resolution == RenderResolution{320, 180});

  std::vector<uint8_t> out(128);
  out.resize(SerializeDependencyDescriptor(d, s, out));
  CHECK(out == bytes);
}

TEST_CASE("L3T3 delta frame") {
  DependencyStructure s = MustParseStructure(kL3T3Keyframe);
  DependencyDescriptor d;
  REQUIRE(ParseDependencyDescriptor(Bits(kL3T3FrameS2T1), &s, &d));
  CHECK(d.spatialId == 2);
  CHECK(d.temporalId == 1);
  CHECK(d.frameNumber == 0x123F);
  CHECK(d.dtis[6] == kN);
  CHECK(d.dtis[7] == kS);
  CHECK(d.dtis[8] == kR);
  REQUIRE(d.fdiffCount == 2);
  CHECK(d.ReferencedFrame(0) == 0x123E);  // S1 of the same temporal unit.
  CHECK(d.ReferencedFrame(1) == 0x1239);
  CHECK(d.chainFdiffs[0] == 8);
  CHECK(d.chainFdiffs[1] == 7);
  CHECK(d.chainFdiffs[2] == 6);
  CHECK(d.resolution == RenderResolution{1280, 720});
}

TEST_CASE("template ids outside the structure are rejected") {
  DependencyStructure s = MustParseStructure(kL3T3Keyframe);  // Ids 5..13.
  DependencyDescriptor d;
  for (int id = 0; id < 64; ++id) {
    CAPTURE(id);
    std::vector<uint8_t> b = {static_cast<uint8_t>(0xC0 | id), 0x00, 0x01};
    CHECK(ParseDependencyDescriptor(b, &s, &d) == (id >= 5 && id <= 13));
  }
  // The valid range wraps around 63 (template index = (id + 64 - offset) % 64).
  s.templateIdOffset = 60;  // Ids 60..63 and 0..4.
  for (int id : {60, 63, 0, 4}) {
    std::vector<uint8_t> b = {static_cast<uint8_t>(id), 0x00, 0x01};
    REQUIRE(ParseDependencyDescriptor(b, &s, &d));
    CHECK(d.spatialId == ((id + 64 - 60) % 64) / 3);
  }
  for (int id : {59, 5, 13}) {
    std::vector<uint8_t> b = {static_cast<uint8_t>(id), 0x00, 0x01};
    CHECK_FALSE(ParseDependencyDescriptor(b, &s, &d));
  }
  // The writer refuses them too.
  d.templateId = 59;
  std::vector<uint8_t> out(16);
  CHECK(SerializeDependencyDescriptor(d, s, out) == 0);
}

TEST_CASE("truncated at every offset") {
  DependencyStructure l1t3 = MustParseStructure(kL1T3Keyframe);
  DependencyStructure l3t3 = MustParseStructure(kL3T3Keyframe);
  struct Case {
    std::string_view layout;
    const DependencyStructure* structure;
    size_t structureEnd;  // Bytes needed to hold the structure (0: the packet carries none).
  };
  // L1T3: the structure ends with the descriptor (160 bits); L3T3: at bit 527 (the 9-bit mask
  // follows it).
  for (Case c : {Case{kL1T3Keyframe, &l1t3, 20}, Case{kL3T3Keyframe, &l3t3, 66},
                 Case{kL1T3Custom, &l1t3, 0}}) {
    auto bytes = Bits(c.layout);
    for (size_t n = 0; n < bytes.size(); ++n) {
      CAPTURE(n);
      base::ByteView cut(bytes.data(), n);
      DependencyDescriptor d;
      DependencyStructure s;
      CHECK(ParseDependencyStructure(cut, &s) == (c.structureEnd != 0 && n >= c.structureEnd));
      CHECK_FALSE(ParseDependencyDescriptor(cut, nullptr, &d));
      // Cut to the 3 mandatory bytes it is a valid descriptor of its own against a structure;
      // cut anywhere else it is truncated.
      CHECK(ParseDependencyDescriptor(cut, c.structure, &d) == (n == 3));
    }
  }
}

TEST_CASE("a failed structure parse leaves the kept structure alone") {
  DependencyStructure s = MustParseStructure(kL1T3Keyframe);
  auto l3t3 = Bits(kL3T3Keyframe);
  CHECK_FALSE(ParseDependencyStructure(base::ByteView(l3t3).first(40), &s));
  CHECK(s == L1T3Structure());
  auto frame = Bits(kL1T3FrameT1);
  CHECK_FALSE(ParseDependencyStructure(frame, &s));  // Carries none.
  CHECK(s == L1T3Structure());
}

TEST_CASE("capacities: 64 templates, 16 fdiffs") {
  auto header = [](size_t templates) {
    std::string layout = "1 1 000000 0000000000000001  1 0 0 0 0  000000 00000\n";
    for (size_t i = 0; i + 1 < templates; ++i)
      layout += "00 ";  // Same layer.
    layout += "11\n";
    return layout;
  };
  auto tail = [](size_t templates) {
    std::string layout;
    for (size_t i = 0; i < templates; ++i)
      layout += "10 ";  // One target: S.
    for (size_t i = 0; i < templates; ++i)
      layout += "0 ";  // No fdiffs.
    layout += "0 0";   // chain_cnt = ns(2) = 0; no resolutions.
    return layout;
  };
  DependencyStructure s;
  CHECK(ParseDependencyStructure(Bits(header(64) + tail(64)), &s));
  CHECK(s.templateCount == 64);
  CHECK_FALSE(ParseDependencyStructure(Bits(header(65) + tail(65)), &s));

  auto fdiffs = [](size_t count) {
    std::string layout = "1 1 000000 0000000000000001  1 0 0 0 0  000000 00000 11 10 ";
    for (size_t i = 0; i < count; ++i)
      layout += "1 0000 ";
    layout += "0  0 0";
    return layout;
  };
  REQUIRE(ParseDependencyStructure(Bits(fdiffs(16)), &s));
  CHECK(s.templates[0].fdiffCount == 16);
  CHECK_FALSE(ParseDependencyStructure(Bits(fdiffs(17)), &s));

  // Custom frame fdiffs are capped the same way.
  DependencyStructure l1t3 = MustParseStructure(kL1T3Keyframe);
  auto custom = [](size_t count) {
    std::string layout = "1 1 000000 0000000000000001  0 0 0 1 0 ";
    for (size_t i = 0; i < count; ++i)
      layout += "01 0000 ";
    return layout + "00";
  };
  DependencyDescriptor d;
  REQUIRE(ParseDependencyDescriptor(Bits(custom(16)), &l1t3, &d));
  CHECK(d.fdiffCount == 16);
  CHECK_FALSE(ParseDependencyDescriptor(Bits(custom(17)), &l1t3, &d));
}

TEST_CASE("an SFU dropping layers rewrites the active decode targets") {
  // In place, when the packet carries the mask.
  auto bytes = Bits(kL3T3Keyframe);
  DependencyDescriptor d;
  REQUIRE(ParseDependencyDescriptor(bytes, nullptr, &d));
  auto before = bytes;
  REQUIRE(RewriteActiveDecodeTargets(bytes, d, 0x007));  // S0 only.
  DependencyDescriptor after;
  REQUIRE(ParseDependencyDescriptor(bytes, nullptr, &after));
  CHECK(after.activeDecodeTargets == 0x007u);
  after.activeDecodeTargets = d.activeDecodeTargets;
  CHECK(after == d);
  // Only the mask's bits changed: the last 9 bits of the 67 bytes.
  CHECK(std::equal(before.begin(), before.end() - 2, bytes.begin()));
  REQUIRE(RewriteActiveDecodeTargets(bytes, d, 0xFFFFFFFF));  // Extra bits are ignored.
  REQUIRE(ParseDependencyDescriptor(bytes, nullptr, &after));
  CHECK(after.activeDecodeTargets == 0x1FFu);

  // Otherwise by re-serializing with the mask: the L1T3 keyframe grows by one byte.
  DependencyStructure s = MustParseStructure(kL1T3Keyframe);
  auto key = Bits(kL1T3Keyframe);
  REQUIRE(ParseDependencyDescriptor(key, nullptr, &d));
  CHECK_FALSE(RewriteActiveDecodeTargets(key, d, 0x1));
  d.activeDecodeTargetsPresent = true;
  d.activeDecodeTargets = 0x1;
  std::vector<uint8_t> out(32);
  out.resize(SerializeDependencyDescriptor(d, s, out));
  CHECK(out.size() == 21);
  REQUIRE(ParseDependencyDescriptor(out, nullptr, &after));
  CHECK(after.activeDecodeTargets == 0x1u);
  CHECK(after == d);

  // A 3-byte delta frame grows to carry the mask (extended fields start at byte 4).
  auto t2 = Bits(kL1T3FrameT2);
  REQUIRE(ParseDependencyDescriptor(t2, &s, &d));
  d.activeDecodeTargetsPresent = true;
  d.activeDecodeTargets = 0x3;
  out.assign(32, 0);
  out.resize(SerializeDependencyDescriptor(d, s, out));
  CHECK(out == Bits("1 1 000011 0000000000000010  0 1 0 0 0  011"));
}

TEST_CASE("structures that cannot be written") {
  DependencyStructure s = L1T3Structure();
  std::vector<uint8_t> out(64);
  auto write = [&](const DependencyStructure& x) {
    DdBitWriter w(out);
    return WriteDependencyStructure(x, w);
  };
  CHECK(write(s));
  auto bad = s;
  bad.templates[1].temporalId = 2;  // T0 -> T2 skips a layer: no next_layer_idc for it.
  CHECK_FALSE(write(bad));
  bad = s;
  bad.templates[0].temporalId = 1;  // Must start at S0T0.
  CHECK_FALSE(write(bad));
  bad = s;
  bad.templates[1].fdiffs[0] = 17;  // fdiff_minus_one is 4 bits.
  CHECK_FALSE(write(bad));
  bad = s;
  bad.templates[1].chainFdiffs[0] = 16;
  CHECK_FALSE(write(bad));
  bad = s;
  bad.decodeTargetProtectedBy[0] = 1;  // Only chain 0 exists.
  CHECK_FALSE(write(bad));
  bad = s;
  bad.spatialLayerCount = 2;  // The templates only reach S0.
  CHECK_FALSE(write(bad));
  std::vector<uint8_t> small(16);
  DdBitWriter w(small);
  CHECK_FALSE(WriteDependencyStructure(s, w));  // Needs 131 bits.
  std::vector<uint8_t> enough(17);
  DdBitWriter w2(enough);
  CHECK(WriteDependencyStructure(s, w2));
  CHECK(w2.bit_position() == 131);
}

TEST_CASE("ns(n) matches the AV1 RTP spec table for n = 5 and round-trips for every n") {
  // A.8.2: 0 -> 00, 1 -> 01, 2 -> 10, 3 -> 110, 4 -> 111.
  auto layout = Bits("00 01 10 110 111");
  DdBitReader r(layout);
  for (uint32_t v = 0; v < 5; ++v)
    CHECK(r.ReadNonSymmetric(5) == v);
  CHECK(r.ok());
  for (uint32_t n = 1; n <= 33; ++n) {
    std::vector<uint8_t> buf(64);
    DdBitWriter w(buf);
    for (uint32_t v = 0; v < n; ++v)
      w.WriteNonSymmetric(v, n);
    REQUIRE(w.ok());
    DdBitReader rr(buf);
    for (uint32_t v = 0; v < n; ++v)
      CHECK(rr.ReadNonSymmetric(n) == v);
    CHECK(rr.bit_position() == w.bit_position());
  }
}

TEST_CASE("bit reader stops at the end") {
  std::vector<uint8_t> one = {0xA5};
  DdBitReader r(one);
  CHECK(r.ReadBits(4) == 0xA);
  CHECK(r.ReadBits(5) == 0);  // Only 4 left.
  CHECK_FALSE(r.ok());
  CHECK(r.ReadBits(1) == 0);
  DdBitReader full(one);
  CHECK(full.ReadBits(8) == 0xA5);
  CHECK(full.ok());
  CHECK(full.bits_left() == 0);
  std::vector<uint8_t> four = {0xDE, 0xAD, 0xBE, 0xEF};
  DdBitReader r32(four);
  CHECK(r32.ReadBits(32) == 0xDEADBEEFu);
}

}  // namespace
}  // namespace weir::proto::rtp
