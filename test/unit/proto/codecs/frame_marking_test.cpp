#include "proto/codecs/frame_marking.hpp"

#include <doctest/doctest.h>

#include "codec_test_util.hpp"

namespace weir::proto::codecs {
namespace {

using test::Hex;

TEST_CASE("frame marking: non-scalable 1-octet form (RFC 9626 3.1)") {
  // |S=1|E=0|I=1|D=0|0 0 0 0| = a0
  const auto fm = FrameMarking::Parse(Hex("a0"));
  REQUIRE(fm);
  CHECK(fm->startOfFrame);
  CHECK_FALSE(fm->endOfFrame);
  CHECK(fm->independent);
  CHECK_FALSE(fm->discardable);
  CHECK_FALSE(fm->baseLayerSync);
  CHECK_FALSE(fm->temporalLayerId);
  CHECK_FALSE(fm->layerId);
  CHECK_FALSE(fm->tl0PicIdx);
  // The reserved low bits do not turn into B/TID in this form.
  const auto reserved = FrameMarking::Parse(Hex("5f"));
  REQUIRE(reserved);
  CHECK(reserved->endOfFrame);
  CHECK(reserved->discardable);
  CHECK_FALSE(reserved->baseLayerSync);
  CHECK_FALSE(reserved->temporalLayerId);
}

TEST_CASE("frame marking: scalable forms (RFC 9626 3.2)") {
  // |S=0|E=1|I=0|D=1|B=1|TID=2| = 40 | 10 | 08 | 02 = 5a ; LID = 03 ; TL0PICIDX = fe
  const auto longForm = FrameMarking::Parse(Hex("5a 03 fe"));
  REQUIRE(longForm);
  CHECK_FALSE(longForm->startOfFrame);
  CHECK(longForm->endOfFrame);
  CHECK_FALSE(longForm->independent);
  CHECK(longForm->discardable);
  CHECK(longForm->baseLayerSync);
  CHECK(longForm->temporalLayerId == 2);
  CHECK(longForm->layerId == 3);
  CHECK(longForm->tl0PicIdx == 0xfe);

  const auto shortForm = FrameMarking::Parse(Hex("87 01"));  // S=1, TID=7, LID=1
  REQUIRE(shortForm);
  CHECK(shortForm->startOfFrame);
  CHECK(shortForm->temporalLayerId == 7);
  CHECK(shortForm->layerId == 1);
  CHECK_FALSE(shortForm->tl0PicIdx);
}

TEST_CASE("frame marking: bad lengths") {
  CHECK_FALSE(FrameMarking::Parse({}));
  CHECK_FALSE(FrameMarking::Parse(Hex("80 00 00 00")));
}

}  // namespace
}  // namespace weir::proto::codecs
