// Fuzzes the RTCP compound reader and every packet parser in proto/rtcp/.
//
// For each packet the reader frames, every typed view is tried. When one accepts the packet,
// its fields are read in full, rebuilt with the matching builder into y, and then:
//   - y must parse again, to the same content (modulo what the builder normalises: padding,
//     reserved bits, extension bytes, REMB mantissa, TCC chunk choice and lost tails);
//   - building from y's view must give y back byte for byte (the canonical form is a fixpoint);
//   - when the input was already canonical (y == input), that is an exact round trip.
// All the rebuilt packets are then appended into one compound datagram with CompoundBuilder and
// read back with CompoundReader.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "proto/rtcp/app.hpp"
#include "proto/rtcp/bye.hpp"
#include "proto/rtcp/compound_builder.hpp"
#include "proto/rtcp/compound_reader.hpp"
#include "proto/rtcp/extended_report.hpp"
#include "proto/rtcp/fir.hpp"
#include "proto/rtcp/nack.hpp"
#include "proto/rtcp/pli.hpp"
#include "proto/rtcp/receiver_report.hpp"
#include "proto/rtcp/remb.hpp"
#include "proto/rtcp/rpsi.hpp"
#include "proto/rtcp/sdes.hpp"
#include "proto/rtcp/sender_report.hpp"
#include "proto/rtcp/sli.hpp"
#include "proto/rtcp/transport_feedback.hpp"
#include "proto/rtcp/transport_feedback_builder.hpp"

namespace rtcp = weir::proto::rtcp;
using weir::base::ByteView;
using Bytes = std::vector<uint8_t>;

#define FUZZ_CHECK(cond)                                                            \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)

namespace {

std::vector<Bytes>* g_rebuilt;

template <typename B>
std::optional<Bytes> BuildBytes(const B& builder) {
  size_t n = builder.Size();
  if (n == 0) return std::nullopt;
  Bytes out(n);
  FUZZ_CHECK(builder.Serialize(weir::base::MutableByteView(out)) == n);
  FUZZ_CHECK(n % 4 == 0);
  return out;
}

bool SameSet(std::vector<uint16_t> a, std::vector<uint16_t> b) {
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  std::sort(b.begin(), b.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  return a == b;
}

rtcp::Packet FrameOne(const Bytes& bytes) {
  auto p = rtcp::Packet::Parse(bytes);
  FUZZ_CHECK(p.has_value());
  FUZZ_CHECK(p->bytes.size() == bytes.size());
  return *p;
}

// The part every type shares: parse -> extract -> build -> reparse -> compare -> rebuild.
// Extract(view) returns a content value, Make(content) a builder (or nothing to skip).
template <typename View, typename Extract, typename Make>
void RoundTrip(const rtcp::Packet& packet, Extract extract, Make make) {
  auto view = View::Parse(packet);
  if (!view) return;
  auto content = extract(*view);
  auto y = make(content);
  if (!y) return;
  auto yView = View::Parse(FrameOne(*y));
  FUZZ_CHECK(yView.has_value());
  auto yContent = extract(*yView);
  auto z = make(yContent);
  FUZZ_CHECK(z.has_value());
  FUZZ_CHECK(*z == *y);  // Canonical form is a fixpoint.
  g_rebuilt->push_back(*y);
  content.CheckSame(yContent);
}

struct SrContent {
  uint32_t ssrc;
  rtcp::SenderInfo info;
  std::vector<rtcp::ReportBlock> blocks;
  void CheckSame(const SrContent& o) const {
    FUZZ_CHECK(ssrc == o.ssrc && info == o.info && blocks == o.blocks);
  }
};

struct RrContent {
  uint32_t ssrc;
  std::vector<rtcp::ReportBlock> blocks;
  void CheckSame(const RrContent& o) const { FUZZ_CHECK(ssrc == o.ssrc && blocks == o.blocks); }
};

struct SdesContent {
  std::vector<uint32_t> ssrcs;
  std::vector<std::vector<std::pair<uint8_t, std::string>>> items;
  void CheckSame(const SdesContent& o) const { FUZZ_CHECK(ssrcs == o.ssrcs && items == o.items); }
};

struct ByeContent {
  std::vector<uint32_t> ssrcs;
  std::optional<std::string> reason;
  void CheckSame(const ByeContent& o) const { FUZZ_CHECK(ssrcs == o.ssrcs && reason == o.reason); }
};

struct AppContent {
  uint8_t subtype;
  uint32_t ssrc;
  std::string name;
  Bytes data;
  void CheckSame(const AppContent& o) const {
    FUZZ_CHECK(subtype == o.subtype && ssrc == o.ssrc && name == o.name && data == o.data);
  }
};

struct FbContent {
  uint32_t sender;
  uint32_t media;
  Bytes fci;
  void CheckSame(const FbContent& o) const {
    FUZZ_CHECK(sender == o.sender && media == o.media && fci == o.fci);
  }
};

struct NackContent {
  uint32_t sender;
  uint32_t media;
  std::vector<rtcp::NackItem> items;
  void CheckSame(const NackContent& o) const {
    FUZZ_CHECK(sender == o.sender && media == o.media && items == o.items);
  }
};

struct FirContent {
  uint32_t sender;
  std::vector<rtcp::FirEntry> entries;
  void CheckSame(const FirContent& o) const {
    FUZZ_CHECK(sender == o.sender && entries == o.entries);
  }
};

struct RembContent {
  uint32_t sender;
  uint64_t bps;
  std::vector<uint32_t> ssrcs;
  void CheckSame(const RembContent& o) const {
    // The builder re-encodes the (possibly clamped) rate with the smallest exponent, truncating.
    FUZZ_CHECK(sender == o.sender && ssrcs == o.ssrcs);
    FUZZ_CHECK(o.bps <= bps);
    FUZZ_CHECK(rtcp::RembBitrate::FromBps(bps).Bps() == o.bps);
  }
};

struct XrContent {
  uint32_t ssrc;
  std::optional<uint64_t> rrtr;
  std::vector<rtcp::DlrrSubBlock> dlrr;
  void CheckSame(const XrContent& o) const {
    FUZZ_CHECK(ssrc == o.ssrc && rrtr == o.rrtr && dlrr == o.dlrr);
  }
};

struct TccContent {
  uint32_t sender;
  uint32_t media;
  uint8_t fbCount;
  std::vector<rtcp::TccPacketStatus> received;
  size_t used = 0;  // How many of received the builder took.
  void CheckSame(const TccContent& o) const {
    // The rebuilt packet holds the prefix the builder accepted, arrivals equal modulo the
    // 24-bit reference time's wrap.
    constexpr int64_t kWrap = (int64_t{1} << 24) * rtcp::kTccReferenceTickUs;
    FUZZ_CHECK(sender == o.sender && media == o.media && fbCount == o.fbCount);
    FUZZ_CHECK(o.received.size() == used);
    for (size_t i = 0; i < used; ++i) {
      FUZZ_CHECK(received[i].seq == o.received[i].seq);
      int64_t d = received[i].arrivalUs - o.received[i].arrivalUs;
      FUZZ_CHECK(((d % kWrap) + kWrap) % kWrap == 0);
    }
  }
};

void CheckPacket(const rtcp::Packet& p) {
  RoundTrip<rtcp::SenderReport>(
      p,
      [](const rtcp::SenderReport& v) {
        SrContent c{v.sender_ssrc(), v.sender_info(), {}};
        for (size_t i = 0; i < v.report_count(); ++i)
          c.blocks.push_back(v.report_block(i));
        (void)v.extension();
        return c;
      },
      [](const SrContent& c) {
        return BuildBytes(rtcp::SenderReportBuilder{c.ssrc, c.info, c.blocks});
      });

  RoundTrip<rtcp::ReceiverReport>(
      p,
      [](const rtcp::ReceiverReport& v) {
        RrContent c{v.sender_ssrc(), {}};
        for (size_t i = 0; i < v.report_count(); ++i)
          c.blocks.push_back(v.report_block(i));
        (void)v.extension();
        return c;
      },
      [](const RrContent& c) {
        return BuildBytes(rtcp::ReceiverReportBuilder{c.ssrc, c.blocks});
      });

  RoundTrip<rtcp::Sdes>(
      p,
      [](const rtcp::Sdes& v) {
        SdesContent c;
        auto reader = v.chunks();
        while (auto chunk = reader.Next()) {
          c.ssrcs.push_back(chunk->ssrc());
          auto& items = c.items.emplace_back();
          chunk->ForEachItem([&](const rtcp::SdesItem& item) {
            items.emplace_back(static_cast<uint8_t>(item.type), std::string(item.text));
          });
          (void)chunk->cname();
        }
        FUZZ_CHECK(c.ssrcs.size() == v.chunk_count());
        return c;
      },
      [](const SdesContent& c) {
        std::vector<std::vector<rtcp::SdesItem>> items(c.items.size());
        std::vector<rtcp::SdesChunkSpec> specs;
        for (size_t i = 0; i < c.items.size(); ++i) {
          for (const auto& [type, text] : c.items[i]) {
            items[i].push_back({static_cast<rtcp::SdesItemType>(type), text});
          }
          specs.push_back({c.ssrcs[i], items[i]});
        }
        return BuildBytes(rtcp::SdesBuilder{specs});
      });

  RoundTrip<rtcp::Bye>(
      p,
      [](const rtcp::Bye& v) {
        ByeContent c;
        for (size_t i = 0; i < v.ssrc_count(); ++i)
          c.ssrcs.push_back(v.ssrc(i));
        if (auto r = v.reason()) c.reason = std::string(*r);
        return c;
      },
      [](const ByeContent& c) {
        std::optional<std::string_view> reason;
        if (c.reason) reason = *c.reason;
        return BuildBytes(rtcp::ByeBuilder{c.ssrcs, reason});
      });

  RoundTrip<rtcp::App>(
      p,
      [](const rtcp::App& v) {
        return AppContent{v.subtype(), v.ssrc(), std::string(v.name()),
                          Bytes(v.data().begin(), v.data().end())};
      },
      [](const AppContent& c) {
        // App data must be whole words; odd padding counts can leave it ragged.
        return BuildBytes(rtcp::AppBuilder{c.subtype, c.ssrc, c.name, c.data});
      });

  RoundTrip<rtcp::Nack>(
      p,
      [](const rtcp::Nack& v) {
        NackContent c{v.sender_ssrc(), v.media_ssrc(), {}};
        for (size_t i = 0; i < v.item_count(); ++i)
          c.items.push_back(v.item(i));
        // Expansion and minimal re-packing cover the same set of sequence numbers.
        std::vector<uint16_t> lost(v.lost_count());
        FUZZ_CHECK(v.ExpandLost(lost) == lost.size());
        std::vector<rtcp::NackItem> packed(lost.size());
        auto r = rtcp::BuildNackItems(lost, packed);
        FUZZ_CHECK(r.seqCount == lost.size());
        FUZZ_CHECK(r.itemCount <= c.items.size());
        std::vector<uint16_t> repacked;
        for (size_t i = 0; i < r.itemCount; ++i) {
          packed[i].ForEachLost([&](uint16_t s) { repacked.push_back(s); });
        }
        FUZZ_CHECK(SameSet(lost, repacked));
        return c;
      },
      [](const NackContent& c) {
        return BuildBytes(rtcp::NackBuilder{c.sender, c.media, c.items});
      });

  RoundTrip<rtcp::Pli>(
      p,
      [](const rtcp::Pli& v) {
        return FbContent{v.sender_ssrc(), v.media_ssrc(), {}};
      },
      [](const FbContent& c) {
        return BuildBytes(rtcp::PliBuilder{c.sender, c.media});
      });

  RoundTrip<rtcp::Sli>(
      p,
      [](const rtcp::Sli& v) {
        return FbContent{v.sender_ssrc(), v.media_ssrc(), Bytes(v.fci().begin(), v.fci().end())};
      },
      [](const FbContent& c) {
        return BuildBytes(rtcp::SliBuilder{c.sender, c.media, c.fci});
      });

  RoundTrip<rtcp::Rpsi>(
      p,
      [](const rtcp::Rpsi& v) {
        return FbContent{v.sender_ssrc(), v.media_ssrc(), Bytes(v.fci().begin(), v.fci().end())};
      },
      [](const FbContent& c) {
        return BuildBytes(rtcp::RpsiBuilder{c.sender, c.media, c.fci});
      });

  RoundTrip<rtcp::Fir>(
      p,
      [](const rtcp::Fir& v) {
        FirContent c{v.sender_ssrc(), {}};
        for (size_t i = 0; i < v.entry_count(); ++i)
          c.entries.push_back(v.entry(i));
        (void)v.media_ssrc();
        (void)v.Find(0);
        return c;
      },
      [](const FirContent& c) {
        return BuildBytes(rtcp::FirBuilder{c.sender, c.entries});
      });

  RoundTrip<rtcp::Remb>(
      p,
      [](const rtcp::Remb& v) {
        RembContent c{v.sender_ssrc(), v.bitrate_bps(), {}};
        for (size_t i = 0; i < v.ssrc_count(); ++i)
          c.ssrcs.push_back(v.ssrc(i));
        return c;
      },
      [](const RembContent& c) {
        return BuildBytes(rtcp::RembBuilder{c.sender, c.bps, c.ssrcs});
      });

  RoundTrip<rtcp::ExtendedReport>(
      p,
      [](const rtcp::ExtendedReport& v) {
        XrContent c{v.sender_ssrc(), v.rrtr_ntp(), {}};
        auto reader = v.dlrr_sub_blocks();
        while (auto sub = reader.Next())
          c.dlrr.push_back(*sub);
        auto blocks = v.blocks();
        while (blocks.Next()) {
        }
        return c;
      },
      [](const XrContent& c) {
        return BuildBytes(rtcp::ExtendedReportBuilder{c.ssrc, c.rrtr, c.dlrr});
      });

  RoundTrip<rtcp::TransportFeedback>(
      p,
      [](const rtcp::TransportFeedback& v) {
        TccContent c{v.sender_ssrc(), v.media_ssrc(), v.fb_pkt_count(), {}};
        size_t count = 0;
        v.ForEachStatus([&](const rtcp::TccPacketStatus& s) {
          FUZZ_CHECK(s.seq == static_cast<uint16_t>(v.base_seq() + count));
          ++count;
          if (s.received()) c.received.push_back(s);
        });
        FUZZ_CHECK(count == v.status_count());
        FUZZ_CHECK(c.received.size() == v.received_count());
        return c;
      },
      [](TccContent& c) -> std::optional<Bytes> {
        rtcp::TransportFeedbackBuilder b(c.sender, c.media, c.fbCount);
        c.used = 0;
        for (const auto& s : c.received) {
          if (!b.AddReceived(s.seq, s.arrivalUs)) break;
          ++c.used;
        }
        if (c.used == 0) return std::nullopt;
        // Only the size limit may stop the builder: sequence order and delta range hold for
        // anything the parser accepted. One more packet adds at most 2 delta bytes, 3 of
        // padding and ~11 chunks (a gap of 65534 is 8 full runs, plus flushes).
        if (c.used < c.received.size()) {
          FUZZ_CHECK(b.Size() > rtcp::TransportFeedbackBuilder::kMaxSize - 32);
        }
        auto y = BuildBytes(b);
        FUZZ_CHECK(y && y->size() <= rtcp::TransportFeedbackBuilder::kMaxSize);
        return y;
      });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<Bytes> rebuilt;
  g_rebuilt = &rebuilt;
  rtcp::CompoundReader reader(ByteView(data, size));
  size_t framed = 0;
  while (auto packet = reader.Next()) {
    ++framed;
    FUZZ_CHECK(packet->bytes.data() >= data && packet->bytes.size() <= size);
    FUZZ_CHECK(packet->body.size() + 4 <= packet->bytes.size());
    CheckPacket(*packet);
  }
  FUZZ_CHECK(framed == reader.packet_count());

  // Everything rebuilt goes into one datagram and comes back out intact.
  static Bytes datagram(64 * 1024);  // Reused: zeroing 64 KiB per input would dominate.
  rtcp::CompoundBuilder compound(datagram);
  size_t added = 0;
  for (const Bytes& y : rebuilt) {
    if (compound.AddSerialized(y)) ++added;
  }
  rtcp::CompoundReader back(compound.data());
  size_t n = 0;
  while (back.Next())
    ++n;
  FUZZ_CHECK(back.done() && n == added);
  return 0;
}
