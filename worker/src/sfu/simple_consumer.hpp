#pragma once

// Forwards one encoding of a producer as it comes: rewrites SSRC, payload type, sequence number
// and timestamp so the output stays continuous across pauses and source restarts, holds video
// back until a keyframe after each (re)activation, answers NACKs from the producer's packet store
// (as RTX when negotiated) and forwards keyframe requests upstream.

#include <array>
#include <memory>

#include "engine/rtp/send_stream.hpp"
#include "engine/rtp/seq_num_rewriter.hpp"
#include "engine/rtp/timestamp_rewriter.hpp"
#include "sfu/consumer.hpp"

namespace weir::sfu {

class SimpleConsumer final : public Consumer {
 public:
  SimpleConsumer(ConsumerOptions options, Environment& env, ConsumerListener& listener,
                 Producer& producer);
  ~SimpleConsumer() override;

  void SendRtpPacket(base::Timestamp now, proto::rtp::RtpPacket& packet, const PacketInfo& info,
                     size_t stream) override;
  void ReceiveNack(base::Timestamp now, const proto::rtcp::Nack& nack) override;
  void ReceiveKeyFrameRequest(base::Timestamp now, bool fir) override;
  void ReceiveReportBlock(base::Timestamp now, const engine::ReportBlockData& block) override;
  void CollectSenderReports(base::Timestamp now, std::vector<SenderReportItem>& out) override;
  std::vector<uint32_t> Ssrcs() const override;
  std::vector<engine::SendStream*> SendStreams() override { return {&stream_}; }
  void RequestKeyFrame(base::Timestamp now) override;
  uint8_t score() const override { return stream_.statistics().score(); }

  const engine::SendStream& stream() const { return stream_; }
  engine::SendStream& stream() { return stream_; }

 protected:
  void OnActivated(base::Timestamp now) override;

 private:
  void Retransmit(base::Timestamp now, uint16_t seq);

  engine::SendStream stream_;
  engine::SeqNumRewriter seqRewriter_;
  engine::TimestampRewriter tsRewriter_;
  std::array<bool, 128> allowedPayloadType_{};
  std::array<uint8_t, 128> rtxPayloadType_{};  // By media payload type; 0: none.
  bool syncRequired_ = true;
  bool waitingForKeyFrame_;
  std::unique_ptr<uint8_t[]> scratch_;  // For retransmissions, allocated on the first one.
};

}  // namespace weir::sfu
