// Transport-wide sequence number, audio level (RFC 6464), video orientation (3GPP TS 26.114
// CVO), playout delay and absolute capture time.

#include <doctest/doctest.h>

#include <vector>

#include "proto/rtp/extensions/abs_capture_time.hpp"
#include "proto/rtp/extensions/audio_level.hpp"
#include "proto/rtp/extensions/extension_uris.hpp"
#include "proto/rtp/extensions/playout_delay.hpp"
#include "proto/rtp/extensions/transport_sequence_number.hpp"
#include "proto/rtp/extensions/video_orientation.hpp"

namespace weir::proto::rtp::extensions {
namespace {

using Bytes = std::vector<uint8_t>;

TEST_CASE("TransportSequenceNumber") {
  CHECK(TransportSequenceNumber::Parse(Bytes{0x12, 0x34}) == 0x1234);
  CHECK_FALSE(TransportSequenceNumber::Parse(Bytes{0x12}));
  CHECK_FALSE(TransportSequenceNumber::Parse(Bytes{0x12, 0x34, 0x56}));
  CHECK(TransportSequenceNumber::Serialize(0xfffe) == std::array<uint8_t, 2>{0xff, 0xfe});
  Bytes out(1);
  CHECK(TransportSequenceNumber::Write(out, 1) == 0);
  out.resize(2);
  CHECK(TransportSequenceNumber::Write(out, 0xabcd) == 2);
  CHECK(out == Bytes{0xab, 0xcd});
}

TEST_CASE("AudioLevel (RFC 6464 3)") {
  auto a = AudioLevel::Parse(Bytes{0x85});
  REQUIRE(a);
  CHECK(a->voiceActivity);
  CHECK(a->level == 5);
  auto b = AudioLevel::Parse(Bytes{0x7f});
  REQUIRE(b);
  CHECK_FALSE(b->voiceActivity);
  CHECK(b->level == 127);
  CHECK_FALSE(AudioLevel::Parse(Bytes{}));
  CHECK_FALSE(AudioLevel::Parse(Bytes{0x85, 0x00}));
  CHECK((AudioLevel{true, 30}.Serialize()) == std::array<uint8_t, 1>{0x9e});
  Bytes out(1);
  CHECK(AudioLevel{false, 128}.Write(out) == 0);
  CHECK(AudioLevel{false, 0}.Write(out) == 1);
  CHECK(out == Bytes{0x00});
  for (int v = 0; v < 256; ++v) {
    Bytes wire{static_cast<uint8_t>(v)};
    auto parsed = AudioLevel::Parse(wire);
    REQUIRE(parsed);
    CHECK(parsed->Serialize()[0] == v);
  }
}

TEST_CASE("VideoOrientation (CVO)") {
  auto v = VideoOrientation::Parse(Bytes{0x0B});
  REQUIRE(v);
  CHECK(v->backCamera);
  CHECK_FALSE(v->flip);
  CHECK(v->rotation == VideoRotation::k270);
  CHECK(v->degrees() == 270);
  auto w = VideoOrientation::Parse(Bytes{0x05});
  REQUIRE(w);
  CHECK_FALSE(w->backCamera);
  CHECK(w->flip);
  CHECK(w->degrees() == 90);
  // Reserved high bits are ignored on receipt and not sent.
  auto r = VideoOrientation::Parse(Bytes{0xF2});
  REQUIRE(r);
  CHECK(r->degrees() == 180);
  CHECK(r->Serialize()[0] == 0x02);
  CHECK_FALSE(VideoOrientation::Parse(Bytes{}));
  CHECK_FALSE(VideoOrientation::Parse(Bytes{1, 2}));
  Bytes out(1);
  CHECK((VideoOrientation{true, true, VideoRotation::k90}.Write(out)) == 1);
  CHECK(out == Bytes{0x0D});
}

TEST_CASE("PlayoutDelay: 12-bit min and max in 10 ms units") {
  auto d = PlayoutDelay::Parse(Bytes{0x00, 0xA0, 0x28});
  REQUIRE(d);
  CHECK(d->minMs == 100);
  CHECK(d->maxMs == 400);
  auto zero = PlayoutDelay::Parse(Bytes{0, 0, 0});
  REQUIRE(zero);
  CHECK(*zero == PlayoutDelay{0, 0});
  auto max = PlayoutDelay::Parse(Bytes{0xFF, 0xFF, 0xFF});
  REQUIRE(max);
  CHECK(max->minMs == 40950);
  CHECK(max->maxMs == 40950);
  CHECK_FALSE(PlayoutDelay::Parse(Bytes{0x00, 0xA0}));
  CHECK_FALSE(PlayoutDelay::Parse(Bytes{0x00, 0xA0, 0x28, 0x00}));
  CHECK_FALSE(PlayoutDelay::Parse(Bytes{0x00, 0x20, 0x01}));  // min 20 ms > max 10 ms.

  Bytes out(3);
  CHECK(PlayoutDelay{100, 400}.Write(out) == 3);
  CHECK(out == Bytes{0x00, 0xA0, 0x28});
  CHECK(PlayoutDelay{105, 409}.Write(out) == 3);  // Rounded down.
  CHECK(out == Bytes{0x00, 0xA0, 0x28});
  CHECK(PlayoutDelay{40950, 40950}.Write(out) == 3);
  CHECK(out == Bytes{0xFF, 0xFF, 0xFF});
  CHECK(PlayoutDelay{0, 40951}.Write(out) == 0);
  CHECK(PlayoutDelay{500, 400}.Write(out) == 0);
  Bytes small(2);
  CHECK(PlayoutDelay{0, 0}.Write(small) == 0);
}

TEST_CASE("AbsCaptureTime: 8 or 16 bytes") {
  Bytes eight{0xE9, 0x00, 0x00, 0x01, 0x80, 0x00, 0x00, 0x00};
  auto t = AbsCaptureTime::Parse(eight);
  REQUIRE(t);
  CHECK(t->absoluteCaptureTimestamp == 0xE900000180000000ULL);
  CHECK_FALSE(t->estimatedCaptureClockOffset);
  CHECK(t->size() == 8);

  Bytes sixteen = eight;
  for (uint8_t b : {0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00})
    sixteen.push_back(b);
  auto u = AbsCaptureTime::Parse(sixteen);
  REQUIRE(u);
  REQUIRE(u->estimatedCaptureClockOffset);
  CHECK(*u->estimatedCaptureClockOffset == -(int64_t{1} << 31));  // -0.5 s in Q32.32.

  for (size_t n : {0, 7, 9, 15, 17}) {
    Bytes wrong(n);
    CHECK_FALSE(AbsCaptureTime::Parse(wrong));
  }
  Bytes out(16, 0xEE);
  CHECK(u->Write(out) == 16);
  CHECK(out == sixteen);
  Bytes out8(8);
  CHECK(u->Write(out8) == 0);
  CHECK(t->Write(out8) == 8);
  CHECK(out8 == eight);
  CHECK(*AbsCaptureTime::Parse(out) == *u);
}

TEST_CASE("Extension URIs") {
  CHECK(kMidUri == "urn:ietf:params:rtp-hdrext:sdes:mid");
  CHECK(kTransportWideCcUri ==
        "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
  CHECK(KindFromUri("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id") == ExtensionKind::kRid);
  CHECK(KindFromUri("urn:3gpp:video-orientation") == ExtensionKind::kVideoOrientation);
  CHECK(KindFromUri("urn:3gpp:video-orientation:6") == ExtensionKind::kUnknown);
  CHECK(KindFromUri("") == ExtensionKind::kUnknown);
  for (int k = 1; k <= static_cast<int>(ExtensionKind::kFrameMarking); ++k) {
    auto kind = static_cast<ExtensionKind>(k);
    CHECK_FALSE(UriOf(kind).empty());
    CHECK(KindFromUri(UriOf(kind)) == kind);
  }
  CHECK(UriOf(ExtensionKind::kUnknown).empty());
}

}  // namespace
}  // namespace weir::proto::rtp::extensions
