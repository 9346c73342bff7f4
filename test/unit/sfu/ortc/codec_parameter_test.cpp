#include "sfu/ortc/codec_parameter.hpp"

#include <doctest/doctest.h>

#include "sfu/ortc/mime_type.hpp"

using namespace weir::sfu;
using namespace weir::sfu::ortc;

TEST_CASE("parameter values read as integers whatever JSON type carried them") {
  CHECK(ParameterAsInteger(int64_t{1}) == 1);
  CHECK(ParameterAsInteger(1.0) == 1);
  CHECK(ParameterAsInteger(std::string("101")) == 101);
  CHECK_FALSE(ParameterAsInteger(1.5).has_value());
  CHECK_FALSE(ParameterAsInteger(std::string("1x")).has_value());
  CHECK_FALSE(ParameterAsInteger(std::string("")).has_value());
  CHECK_FALSE(ParameterAsInteger(true).has_value());
  CHECK_FALSE(ParameterAsInteger(1e300).has_value());
}

TEST_CASE("parameter values read as strings; sdp-transform's numbers get their digits back") {
  CHECK(ParameterAsString(std::string("42e01f")) == "42e01f");
  CHECK(ParameterAsString(int64_t{640032}, 6) == "640032");
  CHECK(ParameterAsString(int64_t{42001}, 6) == "042001");
  CHECK_FALSE(ParameterAsString(int64_t{-1}).has_value());
  CHECK_FALSE(ParameterAsString(2.5).has_value());
}

TEST_CASE("IntegerParameterOr: absent is the fallback, malformed is nothing") {
  CodecParameters p{{"packetization-mode", int64_t{1}}, {"bad", std::string("x")}};
  CHECK(IntegerParameterOr(p, "packetization-mode", 0) == 1);
  CHECK(IntegerParameterOr(p, "absent", 7) == 7);
  CHECK_FALSE(IntegerParameterOr(p, "bad", 0).has_value());
}

TEST_CASE("MIME types: kind, case-insensitive comparison, RTX") {
  CHECK(MimeTypeKind("audio/opus") == MediaKind::kAudio);
  CHECK(MimeTypeKind("Video/H264") == MediaKind::kVideo);
  CHECK_FALSE(MimeTypeKind("opus").has_value());
  CHECK_FALSE(MimeTypeKind("audio/").has_value());
  CHECK_FALSE(MimeTypeKind("text/plain").has_value());
  CHECK_FALSE(MimeTypeKind("video/a/b").has_value());
  CHECK(MimeTypeEquals("video/h264", "video/H264"));
  CHECK_FALSE(MimeTypeEquals("video/H264", "video/H265"));
  CHECK(IsRtxMimeType("video/RTX"));
  CHECK(IsRtxMimeType("audio/rtx"));
  CHECK_FALSE(IsRtxMimeType("video/VP8"));
}
