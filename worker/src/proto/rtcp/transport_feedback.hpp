#pragma once

// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-
// extensions-01 3.1): transport-layer feedback, FMT 15.
//
//   |V=2|P|  FMT=15 |    PT=205     |           length              |
//   |                     SSRC of packet sender                     |
//   |                      SSRC of media source                     |
//   |      base sequence number     |      packet status count      |
//   |                 reference time                | fb pkt. count |
//   |          packet chunk         |         packet chunk          |  (tcc_chunk.hpp)
//   .                              ...                              .
//   |         packet chunk          |  recv delta   |  recv delta   |
//   .                              ...                              .
//   |           recv delta          |  recv delta   | zero padding  |
//
// Reference time is in 64 ms units; receive deltas are in 250 us units, the first relative to
// the reference time and each next one relative to the previous received packet.
//
// Parse() walks the chunks once to check that they cover the packet status count, that no
// reserved symbol is used, and that the deltas they call for are present. The StatusReader
// then yields each packet's status without allocating.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "proto/rtcp/packet.hpp"
#include "proto/rtcp/tcc_chunk.hpp"

namespace weir::proto::rtcp {

inline constexpr int64_t kTccDeltaTickUs = 250;
inline constexpr int64_t kTccReferenceTickUs = 64000;
// Reference time is a 24-bit field; it wraps every 2^24 * 64 ms (about 12.4 days).
inline constexpr uint32_t kTccReferenceTimeMask = 0xffffff;

struct TccPacketStatus {
  uint16_t seq = 0;
  TccSymbol symbol = TccSymbol::kNotReceived;
  int32_t deltaTicks = 0;  // Receive delta in 250 us units (0 when not received).
  // Arrival time in microseconds on the feedback sender's clock: reference time plus the
  // deltas so far. Meaningful only when received(). The reference time wraps (see above), so
  // compare arrivals across feedback packets only after unwrapping it.
  int64_t arrivalUs = 0;

  bool received() const { return symbol != TccSymbol::kNotReceived; }
  bool operator==(const TccPacketStatus&) const = default;
};

class TransportFeedback {
 public:
  static constexpr size_t kFixedSize = 8;  // FCI bytes before the first chunk.

  // Fails unless the packet is an RTPFB FMT 15 with a non-zero status count, chunks covering
  // it, no reserved symbol among the counted ones, and every receive delta present. Feedback
  // without receive deltas (a libwebrtc-only variant) is refused.
  static std::optional<TransportFeedback> Parse(const Packet& packet);

  uint32_t sender_ssrc() const { return senderSsrc_; }
  uint32_t media_ssrc() const { return mediaSsrc_; }
  uint16_t base_seq() const { return base::LoadBe16(&fci_[0]); }
  uint16_t status_count() const { return base::LoadBe16(&fci_[2]); }
  // The raw 24-bit field. The draft calls it signed; as its time base is arbitrary and it
  // wraps anyway, it is read as an unsigned wrapping counter, as libwebrtc does.
  uint32_t reference_time() const { return base::LoadBe24(&fci_[4]); }
  int64_t reference_time_us() const { return int64_t{reference_time()} * kTccReferenceTickUs; }
  uint8_t fb_pkt_count() const { return fci_[7]; }
  size_t received_count() const { return receivedCount_; }
  // The raw chunk and delta areas, for tests and diagnostics.
  base::ByteView chunk_bytes() const { return fci_.subspan(kFixedSize, deltasAt_ - kFixedSize); }
  base::ByteView delta_bytes() const { return fci_.subspan(deltasAt_, deltaSize_); }

  class StatusReader {
   public:
    // The next packet's status, base_seq() first; nullopt after status_count() of them.
    std::optional<TccPacketStatus> Next();

   private:
    friend class TransportFeedback;
    explicit StatusReader(const TransportFeedback& fb);
    base::ByteView fci_;
    size_t chunkAt_;
    size_t deltaAt_;
    size_t left_;
    uint16_t seq_;
    TccChunk chunk_{0};
    size_t inChunk_ = 0;
    int64_t arrivalUs_;
  };
  StatusReader statuses() const { return StatusReader(*this); }

  // Calls f(const TccPacketStatus&) for every reported packet.
  template <typename F>
  void ForEachStatus(F&& f) const {
    StatusReader reader = statuses();
    while (auto status = reader.Next())
      f(*status);
  }

 private:
  TransportFeedback() = default;
  uint32_t senderSsrc_ = 0;
  uint32_t mediaSsrc_ = 0;
  base::ByteView fci_;
  size_t deltasAt_ = 0;
  size_t deltaSize_ = 0;
  size_t receivedCount_ = 0;
};

}  // namespace weir::proto::rtcp
