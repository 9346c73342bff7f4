#pragma once

// A Producer is one media source sent to the router through a transport: one receive stream per
// encoding (simulcast has several), each with its statistics, NACK-based repair, packet store and
// keyframe pacing. It checks each packet against its parameters, maps it to the router's payload
// types, SSRCs and header extension ids, and hands it to the router for its consumers.

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/rtp/receive_stream.hpp"
#include "proto/rtp/rtp_packet.hpp"
#include "sfu/environment.hpp"
#include "sfu/header_extension_map.hpp"
#include "sfu/notifier.hpp"
#include "sfu/packet_info.hpp"
#include "sfu/rtp_parameters.hpp"
#include "sfu/trace.hpp"

namespace weir::sfu {

class Producer;

enum class ProducerType : uint8_t { kSimple, kSimulcast, kSvc };

// The transport a producer belongs to: where its RTCP feedback goes.
class ProducerListener {
 public:
  virtual ~ProducerListener() = default;
  virtual void OnProducerRtcp(Producer& producer, base::Timestamp now, base::ByteView rtcp) = 0;
};

struct ProducerOptions {
  std::string id;
  MediaKind kind = MediaKind::kAudio;
  RtpParameters rtpParameters;
  RtpMapping rtpMapping;
  RtpParameters consumableRtpParameters;
  bool paused = false;
  base::Duration keyFrameRequestDelay{};
  uint32_t feedbackSsrc = 1;  // Sender SSRC of the RTCP feedback this producer sends.
};

class Producer {
 public:
  Producer(ProducerOptions options, Environment& env, ProducerListener& listener);
  ~Producer();
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  const std::string& id() const { return options_.id; }
  MediaKind kind() const { return options_.kind; }
  ProducerType type() const { return type_; }
  bool paused() const { return paused_; }
  const RtpParameters& rtpParameters() const { return options_.rtpParameters; }
  const RtpParameters& consumableRtpParameters() const { return options_.consumableRtpParameters; }
  const ExtensionIds& extensionIds() const { return extensionIds_; }

  // --- Data plane (from the transport) ---
  // Checks, maps and accounts one packet. True when it is to be forwarded; then the packet
  // carries the router's SSRC/PT/extension ids, `info` what its payload says and `stream` the
  // encoding index.
  bool ReceiveRtpPacket(base::Timestamp now, proto::rtp::RtpPacket& packet, PacketInfo* info,
                        size_t* stream);
  void ReceiveSenderReport(base::Timestamp now, uint32_t ssrc, uint64_t ntp, uint32_t rtpTs);
  // Appends a report block per active stream.
  void CollectReportBlocks(base::Timestamp now, std::vector<engine::ReportBlockData>& out);
  void SetRtt(base::Duration rtt);

  // --- Toward consumers ---
  // A consumer of the encoding with this mapped SSRC needs a keyframe.
  void RequestKeyFrame(base::Timestamp now, uint32_t mappedSsrc);
  // A stored packet of encoding `stream`, as consumers retransmit it (mapped).
  std::optional<engine::PacketStore::Stored> GetStoredPacket(base::Timestamp now, size_t stream,
                                                             uint16_t seq) const;
  uint32_t MappedSsrc(size_t stream) const { return encodings_[stream].mappedSsrc; }
  size_t stream_count() const { return encodings_.size(); }
  // The encodings' current scores (0 when the stream has no packets yet).
  std::vector<uint8_t> Scores() const;

  // --- Control ---
  void Pause();
  void Resume();
  base::Timestamp NextTimeout() const;
  void HandleTimeout(base::Timestamp now);
  TraceTypes& trace() { return trace_; }

  // The SSRCs this producer receives on, known in advance (media and RTX per encoding).
  std::vector<uint32_t> KnownSsrcs() const;
  std::vector<std::string> Rids() const;
  // Whether `ssrc` belongs to this producer (learned ones included).
  bool OwnsSsrc(uint32_t ssrc) const;

  struct Counters {
    uint64_t unknownPayloadType = 0;
    uint64_t unknownStream = 0;
    uint64_t badRtx = 0;
  };
  const Counters& counters() const { return counters_; }
  // One entry per encoding, null until its stream exists.
  const engine::ReceiveStream* Stream(size_t i) const { return encodings_[i].stream.get(); }
  std::optional<std::string> Rid(size_t i) const { return encodings_[i].rid; }
  std::optional<uint32_t> RtxSsrc(size_t i) const { return encodings_[i].rtxSsrc; }
  const std::string& MimeTypeOf(size_t i) const;

 private:
  struct Encoding {
    std::optional<uint32_t> ssrc;  // Learned from the first packet when only the rid is known.
    std::optional<uint32_t> rtxSsrc;
    std::optional<std::string> rid;
    uint32_t mappedSsrc = 0;
    uint8_t firSeq = 0;
    std::unique_ptr<engine::ReceiveStream> stream;
  };
  struct CodecEntry {
    uint8_t mappedPayloadType = 0;
    CodecKind codec = CodecKind::kOther;
    uint32_t clockRate = 0;
    bool isRtx = false;
    uint8_t rtxApt = 0;  // For RTX: the media payload type it repairs.
    bool used = false;
  };

  std::optional<size_t> FindEncoding(const proto::rtp::RtpPacket& packet, bool* isRtx);
  void CreateStream(size_t index, uint32_t ssrc, const CodecEntry& codec);
  void SendNacks(base::Timestamp now, Encoding& encoding);
  void SendKeyFrameRequest(base::Timestamp now, Encoding& encoding);
  void EmitScore();

  ProducerOptions options_;
  Environment& env_;
  ProducerListener& listener_;
  ProducerType type_ = ProducerType::kSimple;
  bool paused_;
  bool useNack_ = false;
  bool usePli_ = false;
  bool useFir_ = false;
  std::array<CodecEntry, 128> codecs_{};  // By the producer's payload type.
  std::vector<Encoding> encodings_;
  ExtensionIds extensionIds_;
  HeaderExtensionMap extensionMap_;
  TraceTypes trace_;
  Counters counters_;
};

}  // namespace weir::sfu
