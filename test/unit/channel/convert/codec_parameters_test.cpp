#include "channel/convert/codec_parameters.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "flatbuffers/flexbuffers.h"
#include "sfu/errors.hpp"

using namespace weir;

namespace {

// Builds a [ubyte] vector holding `flex` in a FlatBuffer and returns it as FromFbs sees it.
struct FlexField {
  explicit FlexField(const std::vector<uint8_t>& flex) {
    auto v = builder.CreateVector(flex);
    builder.Finish(v);
    vector = flatbuffers::GetRoot<flatbuffers::Vector<uint8_t>>(builder.GetBufferPointer());
  }
  flatbuffers::FlatBufferBuilder builder;
  const flatbuffers::Vector<uint8_t>* vector = nullptr;
};

std::vector<uint8_t> Flex(const std::function<void(flexbuffers::Builder&)>& build) {
  flexbuffers::Builder fb;
  build(fb);
  fb.Finish();
  return fb.GetBuffer();
}

std::string ErrorOf(const std::vector<uint8_t>& flex) {
  FlexField field(flex);
  try {
    channel::CodecParametersFromFbs(field.vector, "mediaCodecs[3]");
  } catch (const sfu::Error& e) {
    return e.kind() == sfu::ErrorKind::kTypeError ? e.what() : "wrong kind";
  }
  return "no error";
}

sfu::CodecParameters RoundTrip(const sfu::CodecParameters& params) {
  flatbuffers::FlatBufferBuilder b;
  b.Finish(channel::CodecParametersToFbs(b, params));
  auto* v = flatbuffers::GetRoot<flatbuffers::Vector<uint8_t>>(b.GetBufferPointer());
  return channel::CodecParametersFromFbs(v, "x");
}

}  // namespace

TEST_CASE("codec parameters round trip with their JSON types preserved") {
  sfu::CodecParameters params{{"packetization-mode", int64_t{1}},
                              {"profile-level-id", std::string("42e01f")},
                              {"x-google-start-bitrate", int64_t{1000}},
                              {"ptime", 20.5},
                              {"usedtx", true},
                              {"negative", int64_t{-7}},
                              {"big", int64_t{1} << 40},
                              {"empty", std::string()}};
  auto back = RoundTrip(params);
  CHECK(back == params);
  CHECK(std::holds_alternative<int64_t>(back.at("packetization-mode")));
  CHECK(std::holds_alternative<double>(back.at("ptime")));
  CHECK(std::holds_alternative<bool>(back.at("usedtx")));
  CHECK(RoundTrip({}).empty());
}

TEST_CASE("codec parameters: absent, empty and a map of every scalar kind") {
  CHECK(channel::CodecParametersFromFbs(nullptr, "x").empty());
  CHECK(channel::CodecParametersFromFbs(FlexField({}).vector, "x").empty());
  FlexField field(Flex([](flexbuffers::Builder& fb) {
    fb.Map([&] {
      fb.UInt("apt", 101);
      fb.Float("f", 0.5f);
      fb.Key("k");
      fb.Key("keyvalue");  // A key used as a value reads as a string.
    });
  }));
  auto params = channel::CodecParametersFromFbs(field.vector, "x");
  CHECK(params.at("apt") == sfu::ParameterValue(int64_t{101}));
  CHECK(params.at("f") == sfu::ParameterValue(0.5));
  CHECK(params.at("k") == sfu::ParameterValue(std::string("keyvalue")));
}

TEST_CASE("codec parameters: bad values are TypeErrors naming the field") {
  CHECK(ErrorOf(Flex([](flexbuffers::Builder& fb) { fb.Int(5); })) ==
        "mediaCodecs[3].parameters: not an object");
  CHECK(ErrorOf(Flex([](flexbuffers::Builder& fb) { fb.Map([&] { fb.Null("a"); }); })) ==
        "mediaCodecs[3].parameters.a: null is not a value");
  CHECK(ErrorOf(Flex([](flexbuffers::Builder& fb) {
          fb.Map([&] { fb.Vector("list", [&] { fb.Int(1); }); });
        })) == "mediaCodecs[3].parameters.list: only strings, numbers and booleans are allowed");
  CHECK(ErrorOf(Flex([](flexbuffers::Builder& fb) {
          fb.Map([&] { fb.Map("nested", [&] { fb.Int("x", 1); }); });
        })) == "mediaCodecs[3].parameters.nested: only strings, numbers and booleans are allowed");
  CHECK(ErrorOf(Flex([](flexbuffers::Builder& fb) {
          fb.Map([&] { fb.UInt("huge", 0xFFFFFFFFFFFFFFFFull); });
        })) == "mediaCodecs[3].parameters.huge: 18446744073709551615 is too large");
  CHECK(ErrorOf(Flex([](flexbuffers::Builder& fb) {
          fb.Map([&] { fb.Double("nan", std::nan("")); });
        })) == "mediaCodecs[3].parameters.nan: not a finite number");
  CHECK(ErrorOf(Flex([](flexbuffers::Builder& fb) {
          fb.Map([&] { fb.Double("inf", HUGE_VAL); });
        })) == "mediaCodecs[3].parameters.inf: not a finite number");
  CHECK(ErrorOf({0xFF, 0xFF, 0xFF, 0xFF, 0x24, 0x01}) ==
        "mediaCodecs[3].parameters: not a valid FlexBuffer");
}

TEST_CASE("codec parameters: every truncation of a valid buffer is rejected or read safely") {
  auto flex = Flex([](flexbuffers::Builder& fb) {
    fb.Map([&] {
      fb.Int("packetization-mode", 1);
      fb.String("profile-level-id", "42e01f");
    });
  });
  for (size_t n = 1; n < flex.size(); ++n) {
    std::vector<uint8_t> cut(flex.begin(), flex.begin() + static_cast<std::ptrdiff_t>(n));
    CAPTURE(n);
    auto error = ErrorOf(cut);
    CHECK(error != "wrong kind");
  }
}
