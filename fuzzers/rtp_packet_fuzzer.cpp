// Arbitrary bytes through RtpPacket: parse, read everything, then edit in place as the SFU does
// (header rewrites, extension set/resize/remove, padding, RTX) and check after every step that
// the packet still parses from its own bytes, that payload and extensions are what a simple
// model says, that the builder round-trips it, and that refused edits changed nothing.
//
// Input: byte 0 picks the spare capacity, byte 1 the length N of an operation script that
// follows, then N script bytes, then the packet. Seeds are plain packets with N = 0.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

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

namespace {

using weir::base::ByteView;
using Bytes = std::vector<uint8_t>;
namespace rtp = weir::proto::rtp;
namespace ext = weir::proto::rtp::extensions;

#define FUZZ_CHECK(cond)           \
  do {                             \
    if (!(cond)) __builtin_trap(); \
  } while (0)

Bytes Vec(ByteView v) {
  return {v.begin(), v.end()};
}

class Script {
 public:
  explicit Script(ByteView bytes) : bytes_(bytes) {}
  bool done() const { return pos_ >= bytes_.size(); }
  uint8_t U8() { return done() ? 0 : bytes_[pos_++]; }
  uint16_t U16() { return static_cast<uint16_t>(U8() << 8 | U8()); }
  uint32_t U32() { return uint32_t{U16()} << 16 | U16(); }
  Bytes Take(size_t n) {
    Bytes out;
    while (out.size() < n)
      out.push_back(U8());
    return out;
  }

 private:
  ByteView bytes_;
  size_t pos_ = 0;
};

// What the packet should contain, tracked independently of it.
struct Model {
  Bytes payload;
  std::map<uint8_t, Bytes> extensions;
};

Model Snapshot(const rtp::RtpPacket& p) {
  Model m{Vec(p.payload()), {}};
  for (size_t i = 0; i < p.extension_count(); ++i) {
    auto e = p.ExtensionAt(i);
    m.extensions[e.id] = Vec(e.value);
  }
  return m;
}

// Codecs: whatever parses must write back to the same bytes (modulo documented leniency).
void ExerciseCodecs(ByteView v) {
  uint8_t out[16];
  if (auto x = ext::AbsSendTime::Parse(v)) {
    FUZZ_CHECK(ext::AbsSendTime::Write(out, *x) == 3 && Vec({out, 3}) == Vec(v));
    auto t = ext::AbsSendTime::ToTimestamp(*x, weir::base::FromMicros(1'700'000'000'000'000));
    FUZZ_CHECK(ext::AbsSendTime::FromTimestamp(t) == *x);
  }
  if (auto x = ext::TransportSequenceNumber::Parse(v)) {
    FUZZ_CHECK(ext::TransportSequenceNumber::Serialize(*x)[0] == v[0]);
  }
  if (auto x = ext::AudioLevel::Parse(v)) FUZZ_CHECK(x->Serialize()[0] == v[0]);
  if (auto x = ext::VideoOrientation::Parse(v)) {
    FUZZ_CHECK(x->Serialize()[0] == (v[0] & 0x0F));
  }
  if (auto x = ext::PlayoutDelay::Parse(v)) {
    FUZZ_CHECK(x->minMs <= x->maxMs);
    FUZZ_CHECK(x->Write(out) == 3 && Vec({out, 3}) == Vec(v));
  }
  if (auto x = ext::AbsCaptureTime::Parse(v)) {
    FUZZ_CHECK(x->Write(out) == v.size() && Vec({out, v.size()}) == Vec(v));
  }
  for (auto parse : {&ext::Mid::Parse, &ext::Rid::Parse}) {
    if (auto s = parse(v)) {
      FUZZ_CHECK(!s->empty() && s->size() <= v.size());
      FUZZ_CHECK(s->data() == reinterpret_cast<const char*>(v.data()));
    }
  }
}

// The packet parses from a copy of its bytes into the same structure, and agrees with the model.
void CheckPacket(const rtp::RtpPacket& p, const Model& m) {
  FUZZ_CHECK(p.size() <= p.capacity());
  FUZZ_CHECK(p.header_size() + p.payload_size() + p.padding_size() == p.size());
  FUZZ_CHECK(p.has_padding() == (p.padding_size() > 0));
  FUZZ_CHECK(Vec(p.payload()) == m.payload);
  FUZZ_CHECK(p.extension_count() == m.extensions.size());
  for (const auto& [id, value] : m.extensions) {
    auto got = p.GetExtension(id);
    FUZZ_CHECK(got && Vec(*got) == value);
  }

  Bytes copy = Vec(p.data());
  auto q = rtp::RtpPacket::Parse(copy, copy.size());
  FUZZ_CHECK(q);
  FUZZ_CHECK(q->header_size() == p.header_size());
  FUZZ_CHECK(q->padding_size() == p.padding_size());
  FUZZ_CHECK(q->extension_form() == p.extension_form());
  FUZZ_CHECK(Snapshot(*q).extensions == m.extensions);

  // Builder round trip: same fields back, and the builder's own output is a fixed point.
  auto builder = rtp::RtpPacketBuilder::From(p);
  // The builder writes no padding between elements and keeps the form, so never more bytes.
  Bytes built(p.size());
  size_t n = builder.Serialize(built);
  FUZZ_CHECK(n > 0);
  built.resize(n);
  auto r = rtp::RtpPacket::Parse(built, n);
  FUZZ_CHECK(r);
  FUZZ_CHECK(r->marker() == p.marker() && r->payload_type() == p.payload_type());
  FUZZ_CHECK(r->sequence_number() == p.sequence_number() && r->timestamp() == p.timestamp());
  FUZZ_CHECK(r->ssrc() == p.ssrc() && r->csrc_count() == p.csrc_count());
  for (size_t i = 0; i < p.csrc_count(); ++i)
    FUZZ_CHECK(r->csrc(i) == p.csrc(i));
  FUZZ_CHECK(r->padding_size() == p.padding_size());
  FUZZ_CHECK(Vec(r->payload()) == m.payload);
  FUZZ_CHECK(Snapshot(*r).extensions == m.extensions);
  if (p.extension_form() == rtp::ExtensionForm::kOther) {
    FUZZ_CHECK(Vec(r->extension_block()) == Vec(p.extension_block()));
  }
  Bytes again(n + 1);
  FUZZ_CHECK(rtp::RtpPacketBuilder::From(*r).Serialize(again) == n);
  again.resize(n);
  FUZZ_CHECK(again == built);
}

// Size the rebuilt block needs after setting `id` to `size` bytes (the rebuild compacts).
size_t RebuiltSize(const rtp::RtpPacket& p, const Model& m, uint8_t id, size_t size) {
  auto sizes = m.extensions;
  sizes[id] = Bytes(size);
  bool oneByte = p.extension_form() != rtp::ExtensionForm::kTwoByte;
  for (auto& [k, v] : sizes)
    oneByte = oneByte && k <= 14 && !v.empty() && v.size() <= 16;
  size_t elements = 0;
  for (auto& [k, v] : sizes)
    elements += (oneByte ? 1 : 2) + v.size();
  size_t block = 4 + elements + weir::base::PadTo4(elements);
  return 12 + 4 * p.csrc_count() + block + p.payload_size() + p.padding_size();
}

void SetExtension(rtp::RtpPacket& p, Model& m, Script& s, Bytes& buffer) {
  uint8_t id = s.U8();
  uint8_t mode = s.U8();
  Bytes value;
  ByteView source;
  if (mode % 8 == 7 && !p.payload().empty()) {
    source = p.payload().first(std::min<size_t>(p.payload_size(), mode / 8 + 1));  // Aliases.
    value = Vec(source);
  } else {
    size_t size = mode % 4 == 0 ? mode : mode % 20;
    value = s.Take(size);
    source = value;
  }
  const Bytes before = buffer;
  const bool known = m.extensions.count(id) > 0;
  bool ok = p.SetExtension(id, source);
  if (ok) {
    FUZZ_CHECK(id != 0 && p.extension_form() != rtp::ExtensionForm::kOther);
    m.extensions[id] = value;
    return;
  }
  FUZZ_CHECK(buffer == before);
  // A refusal needs a reason.
  bool invalid = id == 0 || p.extension_form() == rtp::ExtensionForm::kOther;
  bool full = !known && m.extensions.size() == rtp::RtpPacket::kMaxExtensions;
  FUZZ_CHECK(invalid || full || RebuiltSize(p, m, id, value.size()) > p.capacity());
}

void Rtx(rtp::RtpPacket& p, Model& m, Script& s, const Bytes& buffer) {
  const uint8_t pt = p.payload_type();
  const uint32_t ssrc = p.ssrc();
  const uint16_t seq = p.sequence_number();
  const Bytes before(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(p.size()));
  uint8_t rtxPt = s.U8();
  uint32_t rtxSsrc = s.U32();
  uint16_t rtxSeq = s.U16();
  if (!rtp::RtxEncapsulate(p, rtxPt, rtxSsrc, rtxSeq)) {
    FUZZ_CHECK(p.size() + 2 > p.capacity());
    return;
  }
  FUZZ_CHECK(p.payload_type() == (rtxPt & 0x7F) && p.ssrc() == rtxSsrc);
  FUZZ_CHECK(p.sequence_number() == rtxSeq && rtp::RtxOriginalSequenceNumber(p) == seq);
  Model rtxModel = m;
  rtxModel.payload.insert(rtxModel.payload.begin(), {uint8_t(seq >> 8), uint8_t(seq)});
  CheckPacket(p, rtxModel);
  FUZZ_CHECK(rtp::RtxDecapsulate(p, pt, ssrc));
  FUZZ_CHECK(Vec(p.data()) == before);
}

void Operate(rtp::RtpPacket& p, Model& m, Script& s, Bytes& buffer) {
  switch (s.U8() % 10) {
    case 0:
    case 1:
      SetExtension(p, m, s, buffer);
      break;
    case 2: {
      uint8_t id = s.U8();
      bool known = m.extensions.count(id) > 0;
      FUZZ_CHECK(p.RemoveExtension(id) == known);
      m.extensions.erase(id);
      break;
    }
    case 3:
      Rtx(p, m, s, buffer);
      break;
    case 4: {  // Decapsulate as if the packet were RTX.
      auto osn = rtp::RtxOriginalSequenceNumber(p);
      bool ok = rtp::RtxDecapsulate(p, s.U8(), s.U32());
      FUZZ_CHECK(ok == osn.has_value());
      if (ok) {
        FUZZ_CHECK(p.sequence_number() == *osn);
        m.payload.erase(m.payload.begin(), m.payload.begin() + 2);
      }
      break;
    }
    case 5: {  // Per-consumer rewrite and restore: the bytes come back exactly.
      const Bytes before = Vec(p.data());
      const bool marker = p.marker();
      const uint8_t pt = p.payload_type();
      const uint16_t seq = p.sequence_number();
      const uint32_t ts = p.timestamp(), ssrc = p.ssrc();
      p.SetMarker(s.U8() & 1);
      p.SetPayloadType(s.U8());
      p.SetSequenceNumber(s.U16());
      p.SetTimestamp(s.U32());
      p.SetSsrc(s.U32());
      FUZZ_CHECK(Vec(p.payload()) == m.payload);
      p.SetMarker(marker);
      p.SetPayloadType(pt);
      p.SetSequenceNumber(seq);
      p.SetTimestamp(ts);
      p.SetSsrc(ssrc);
      FUZZ_CHECK(Vec(p.data()) == before);
      break;
    }
    case 6: {
      size_t n = s.U8();
      bool fits = p.header_size() + p.payload_size() + n <= p.capacity();
      FUZZ_CHECK(p.SetPadding(n) == fits);
      if (fits) FUZZ_CHECK(p.padding_size() == n);
      break;
    }
    case 7: {
      size_t n = s.U16() % 1600;
      if (p.SetPayloadSize(n)) {
        FUZZ_CHECK(p.payload_size() == n && p.padding_size() == 0);
        const size_t kept = std::min(n, m.payload.size());
        FUZZ_CHECK(std::equal(m.payload.begin(), m.payload.begin() + kept, p.payload().begin()));
        m.payload = Vec(p.payload());
      } else {
        FUZZ_CHECK(p.header_size() + n > p.capacity());
      }
      break;
    }
    case 8: {
      size_t n = s.U8() % 8;
      if (p.ExpandPayloadFront(n)) {
        FUZZ_CHECK(std::equal(m.payload.begin(), m.payload.end(), p.payload().begin() + n));
        m.payload = Vec(p.payload());
      }
      break;
    }
    case 9: {
      size_t n = s.U8() % 8;
      FUZZ_CHECK(p.TrimPayloadFront(n) == (n <= m.payload.size()));
      if (n <= m.payload.size()) m.payload.erase(m.payload.begin(), m.payload.begin() + n);
      break;
    }
  }
}

constexpr size_t kSpare[8] = {0, 1, 2, 3, 4, 16, 64, 300};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t spare = kSpare[data[0] & 7];
  const size_t scriptSize = std::min<size_t>(data[1], size - 2);
  Script script(ByteView(data + 2, scriptSize));
  ByteView input(data + 2 + scriptSize, size - 2 - scriptSize);

  // Exactly the capacity, on the heap: ASan catches any access past it.
  Bytes buffer(input.begin(), input.end());
  buffer.resize(input.size() + spare, 0xEE);
  auto packet = rtp::RtpPacket::Parse(buffer, input.size());
  if (!packet) return 0;

  rtp::RtpPacket& p = *packet;
  FUZZ_CHECK(p.version() == 2 && p.size() == input.size());
  for (size_t i = 0; i < p.extension_count(); ++i)
    ExerciseCodecs(p.ExtensionAt(i).value);
  Model model = Snapshot(p);
  CheckPacket(p, model);

  for (int step = 0; step < 32 && !script.done(); ++step) {
    Operate(p, model, script, buffer);
    CheckPacket(p, model);
  }
  return 0;
}
