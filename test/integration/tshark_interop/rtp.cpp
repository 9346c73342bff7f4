// tshark interop: RTP (RFC 3550 5.1) with RFC 8285 header extensions in both forms, RTX
// (RFC 4588 4) and the forwarding path's in-place rewrites.

#include <string>

#include "interop.hpp"
#include "proto/rtp/dependency_descriptor.hpp"
#include "proto/rtp/extensions/abs_capture_time.hpp"
#include "proto/rtp/extensions/abs_send_time.hpp"
#include "proto/rtp/extensions/audio_level.hpp"
#include "proto/rtp/extensions/mid.hpp"
#include "proto/rtp/extensions/playout_delay.hpp"
#include "proto/rtp/extensions/rid.hpp"
#include "proto/rtp/extensions/transport_sequence_number.hpp"
#include "proto/rtp/extensions/video_orientation.hpp"
#include "proto/rtp/rtp_packet.hpp"
#include "proto/rtp/rtp_packet_builder.hpp"
#include "proto/rtp/rtx.hpp"

namespace weir::interop {

namespace ext = proto::rtp::extensions;
using proto::rtp::RtpPacket;
using proto::rtp::RtpPacketBuilder;

Bytes Pattern(size_t size, uint8_t seed) {
  Bytes out(size);
  for (size_t i = 0; i < size; ++i)
    out[i] = static_cast<uint8_t>(seed + i * 7);
  return out;
}

// Builds the packet the expectation describes and checks that Weir parses it back the same.
Bytes BuildRtp(const RtpExpect& e, bool twoByte, size_t capacity) {
  RtpPacketBuilder b;
  b.SetMarker(e.marker).SetPayloadType(e.pt).SetSequenceNumber(e.seq).SetTimestamp(e.ts);
  b.SetSsrc(e.ssrc).SetPayload(e.payload).SetPadding(e.padding).UseTwoByteExtensions(twoByte);
  for (uint32_t c : e.csrcs)
    b.AddCsrc(c);
  for (const auto& [id, value] : e.extensions)
    b.AddExtension(id, value);
  Bytes buf(capacity);
  auto packet = b.Build(buf);
  REQUIRE(packet);
  CHECK(packet->extension_profile() == e.profile);
  for (const auto& [id, value] : e.extensions) {
    auto got = packet->GetExtension(id);
    REQUIRE(got);
    CHECK(Bytes(got->begin(), got->end()) == value);
  }
  buf.resize(packet->size());
  return buf;
}

RtpExpect VideoOneByte() {
  RtpExpect e;
  e.marker = true;
  e.pt = 96;
  e.seq = 65535;  // The next packet wraps (RFC 3550 A.1).
  e.ts = 0xfffffff0;
  e.ssrc = 0x1234abcd;
  e.csrcs = {0x01020304};
  e.profile = RtpPacket::kOneByteProfile;
  Bytes mid(2), rid(2);
  REQUIRE(ext::Mid::Write(mid, "v0") == 2);
  REQUIRE(ext::Rid::Write(rid, "hi") == 2);
  Bytes capture(ext::AbsCaptureTime::kSizeWithOffset);
  REQUIRE(ext::AbsCaptureTime{0xe1234567'89abcdef, -12345}.Write(capture) == capture.size());
  Bytes delay(ext::PlayoutDelay::kSize);
  REQUIRE(ext::PlayoutDelay{100, 400}.Write(delay) == delay.size());
  e.extensions = {
      {kMidId, mid},
      {kRidId, rid},
      {kAbsSendTimeId, ToBytes(ext::AbsSendTime::Serialize(0x123456))},
      {kTransportCcId, ToBytes(ext::TransportSequenceNumber::Serialize(0xbeef))},
      {kVideoOrientationId,
       ToBytes(ext::VideoOrientation{true, false, ext::VideoRotation::k90}.Serialize())},
      {kPlayoutDelayId, delay},
      {kAbsCaptureTimeId, capture},
  };
  e.payload = Pattern(1000, 1);
  return e;
}

namespace {

void CheckRtp(const TsharkFrame& t, const RtpExpect& e) {
  CHECK(t.U("rtp.version") == 2u);
  CHECK(t.U("rtp.marker") == uint64_t{e.marker});
  CHECK(t.U("rtp.p_type") == e.pt);
  CHECK(t.U("rtp.seq") == e.seq);
  CHECK(t.U("rtp.timestamp") == e.ts);
  CHECK(t.U("rtp.ssrc") == e.ssrc);
  CHECK(t.U("rtp.cc") == e.csrcs.size());
  std::vector<std::optional<uint64_t>> csrcs;
  for (uint32_t c : e.csrcs)
    csrcs.push_back(c);
  CHECK(t.Us("rtp.csrc.item") == csrcs);
  CHECK(t.U("rtp.ext") == uint64_t{e.profile != 0});
  if (e.profile != 0) {
    CHECK(t.U("rtp.ext.profile") == e.profile);
    std::vector<std::optional<uint64_t>> ids, lens;
    std::vector<std::string> data;
    for (const auto& [id, value] : e.extensions) {
      ids.push_back(id);
      lens.push_back(value.size());
      if (!value.empty()) data.push_back(Hex(value));
    }
    CHECK(t.Us("rtp.ext.rfc5285.id") == ids);
    CHECK(t.Us("rtp.ext.rfc5285.len") == lens);
    CHECK(t.All("rtp.ext.rfc5285.data") == data);
  }
  CHECK(t.Str("rtp.payload") == Hex(e.payload));
  CHECK(t.U("rtp.padding") == uint64_t{e.padding != 0});
  if (e.padding != 0) CHECK(t.U("rtp.padding.count") == e.padding);
}

TEST_CASE("tshark reads Weir's RTP packets as built and as rewritten") {
  std::vector<CaptureFrame> frames;
  auto add = [&frames](std::string what, Bytes bytes, RtpExpect e) {
    frames.push_back({std::move(what), test::kRtpPort, std::move(bytes),
                      [e](const TsharkFrame& t) { CheckRtp(t, e); }});
  };

  const RtpExpect video = VideoOneByte();
  const Bytes videoBytes = BuildRtp(video, false);
  add("video, one-byte extensions (mid, rid, abs-send-time, transport-cc, orientation, "
      "playout-delay, abs-capture-time), a CSRC",
      videoBytes, video);

  RtpExpect audio;
  audio.pt = 111;
  audio.seq = 1;
  audio.ts = 960;
  audio.ssrc = 0x0a0b0c0d;
  audio.profile = RtpPacket::kOneByteProfile;
  audio.extensions = {{kMidId, Text("a0")},
                      {kAudioLevelId, ToBytes(ext::AudioLevel{true, 30}.Serialize())},
                      {kTransportCcId, ToBytes(ext::TransportSequenceNumber::Serialize(1))}};
  audio.payload = Pattern(60, 9);
  audio.padding = 4;
  add("audio, audio-level, padding", BuildRtp(audio, false), audio);

  // Two-byte form (RFC 8285 4.3): an id above 14, an empty value and values over 16 bytes.
  proto::rtp::DependencyStructure structure;
  structure.decodeTargetCount = 1;
  structure.templateCount = 1;
  structure.templates[0].dtis[0] = proto::rtp::DecodeTargetIndication::kSwitch;
  structure.hasResolutions = true;
  structure.resolutions[0] = {1280, 720};
  structure.DeriveDecodeTargetLayers();
  proto::rtp::DependencyDescriptor dd;
  dd.startOfFrame = dd.endOfFrame = dd.hasStructure = true;
  dd.frameNumber = 1;
  Bytes ddBytes(64);
  ddBytes.resize(proto::rtp::SerializeDependencyDescriptor(dd, structure, ddBytes));
  REQUIRE(!ddBytes.empty());
  RtpExpect twoByte;
  twoByte.pt = 45;
  twoByte.seq = 4242;
  twoByte.ts = 123456789;
  twoByte.ssrc = 0xdeadbeef;
  twoByte.profile = RtpPacket::kTwoByteProfile;
  twoByte.extensions = {{kMidId, Text("v1")},
                        {kDependencyDescriptorId, ddBytes},
                        {200, {}},
                        {kAbsSendTimeId, ToBytes(ext::AbsSendTime::Serialize(0xabcdef))},
                        {255, Pattern(40, 3)}};
  twoByte.payload = Pattern(300, 5);
  add("AV1, two-byte extensions (dependency descriptor with a structure, an empty value)",
      BuildRtp(twoByte, true), twoByte);

  // RTX (RFC 4588 4) of the video packet: new PT, SSRC and seq, OSN before the payload, and
  // repaired-rid in place of rid.
  {
    Bytes buf = videoBytes;
    const size_t size = buf.size();
    buf.resize(size + 64);
    auto p = RtpPacket::Parse(buf, size);
    REQUIRE(p);
    REQUIRE(proto::rtp::RtxEncapsulate(*p, 97, 0x5555aaaa, 7));
    REQUIRE(p->RemoveExtension(kRidId));
    REQUIRE(p->SetExtension(kRepairedRidId, View("hi")));
    buf.resize(p->size());
    RtpExpect rtx = video;
    rtx.pt = 97;
    rtx.ssrc = 0x5555aaaa;
    rtx.seq = 7;
    rtx.extensions.erase(rtx.extensions.begin() + 1);
    rtx.extensions.push_back({kRepairedRidId, Text("hi")});
    rtx.payload.insert(rtx.payload.begin(), {0xff, 0xff});  // OSN 65535.
    add("RTX of the video packet, repaired-rid", buf, rtx);
  }

  // The forwarding path's rewrites in place: SSRC, PT, seq, ts, marker, the abs-send-time
  // value; then an extension with id 20 switches the block to the two-byte form.
  {
    Bytes buf = videoBytes;
    const size_t size = buf.size();
    buf.resize(size + 64);
    auto p = RtpPacket::Parse(buf, size);
    REQUIRE(p);
    p->SetSsrc(0xcafef00d);
    p->SetPayloadType(100);
    p->SetSequenceNumber(0);
    p->SetTimestamp(0x10);
    p->SetMarker(false);
    REQUIRE(p->SetExtension(kAbsSendTimeId, ext::AbsSendTime::Serialize(0x654321)));
    REQUIRE(p->SetExtension(20, View("xyz!")));
    buf.resize(p->size());
    RtpExpect rewritten = video;
    rewritten.ssrc = 0xcafef00d;
    rewritten.pt = 100;
    rewritten.seq = 0;
    rewritten.ts = 0x10;
    rewritten.marker = false;
    rewritten.extensions[2].second = ToBytes(ext::AbsSendTime::Serialize(0x654321));
    rewritten.extensions.push_back({20, Text("xyz!")});
    rewritten.profile = RtpPacket::kTwoByteProfile;
    add("the video packet rewritten in place, grown to the two-byte form", buf, rewritten);
  }

  test::DissectAndCheck(
      "rtp", frames,
      {"rtp.version", "rtp.marker", "rtp.p_type", "rtp.seq", "rtp.timestamp", "rtp.ssrc", "rtp.cc",
       "rtp.csrc.item", "rtp.ext", "rtp.ext.profile", "rtp.ext.rfc5285.id", "rtp.ext.rfc5285.len",
       "rtp.ext.rfc5285.data", "rtp.payload", "rtp.padding", "rtp.padding.count"});
}

}  // namespace
}  // namespace weir::interop
