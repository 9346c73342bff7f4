#pragma once

// Builds a transport-wide congestion control feedback packet (transport_feedback.hpp) from the
// packets a receiver saw, choosing chunks as it goes and never exceeding a size limit:
//
//   TransportFeedbackBuilder fb(senderSsrc, mediaSsrc, fbPktCount++, compound.remaining());
//   for (auto& [seq, arrivalUs] : arrivals)      // increasing transport-wide seq
//     if (!fb.AddReceived(seq, arrivalUs)) break;  // full: send, start another from here
//   compound.Add(fb);
//
// Sequence numbers between two added packets are reported as not received. Chunk choice is
// greedy over a pending chunk of up to 14 symbols: a run of one symbol stays a run-length chunk
// (up to 8191), mixed received/lost stays a 1-bit vector (14 symbols), and a large delta
// forces 2-bit vectors of 7 only where it occurs. Everything lives in fixed arrays inside the
// object (about 2 KiB): no allocation.

#include <cstddef>
#include <cstdint>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"
#include "proto/rtcp/packet_builder.hpp"
#include "proto/rtcp/tcc_chunk.hpp"

namespace weir::proto::rtcp {

class TransportFeedbackBuilder {
 public:
  // The largest packet this builder makes; larger limits are lowered to it. An RTCP datagram
  // must fit one MTU anyway.
  static constexpr size_t kMaxSize = 1500;

  TransportFeedbackBuilder(uint32_t senderSsrc, uint32_t mediaSsrc, uint8_t fbPktCount,
                           size_t maxSize = kMaxSize);

  // Reports seq received at arrivalUs (any microsecond clock; only differences and the 64 ms
  // grid of the reference time matter). Returns false, changing nothing, when seq does not
  // come after the last one added (within 65535 statuses of the first), when its delta to the
  // previous arrival exceeds the 16-bit range (+-8.19 s), or when the packet would outgrow the
  // size limit. The caller then sends this packet and starts a new one with seq.
  bool AddReceived(uint16_t seq, int64_t arrivalUs);

  bool empty() const { return statusCount_ == 0; }
  uint16_t base_seq() const { return baseSeq_; }
  size_t status_count() const { return statusCount_; }
  size_t received_count() const { return receivedCount_; }
  uint32_t reference_time() const { return referenceTime_; }

  // Discards everything added, keeping the SSRCs and the limit.
  void Reset(uint8_t fbPktCount);

  // 0 while empty. Padding to a 32-bit boundary uses the RTCP padding bit, as libwebrtc does.
  size_t Size() const;
  size_t Serialize(base::MutableByteView out) const;
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }

 private:
  static constexpr size_t kMaxChunks = kMaxSize / 2;
  static constexpr size_t kMaxDeltaBytes = kMaxSize;

  // The chunk being filled. Invariant: its symbols always fit one chunk.
  struct Pending {
    TccSymbol symbols[TccChunk::kOneBitCapacity] = {};
    size_t size = 0;
    bool allSame = true;
    bool hasLarge = false;

    bool CanAdd(TccSymbol s) const;
    void Add(TccSymbol s, size_t count);
    // Encodes a full chunk when CanAdd() said no; keeps symbols a 2-bit vector left over.
    uint16_t Emit();
    // Encodes whatever is pending as the final chunk.
    uint16_t EncodeLast() const;
  };

  bool AddSymbols(TccSymbol s, size_t count);
  bool PushChunk(uint16_t chunk);
  size_t UnpaddedSize() const;

  uint32_t senderSsrc_;
  uint32_t mediaSsrc_;
  uint8_t fbPktCount_;
  size_t maxSize_;

  uint16_t baseSeq_ = 0;
  uint32_t referenceTime_ = 0;
  int64_t lastTicks_ = 0;  // Arrival of the last received packet in 250 us ticks.
  size_t statusCount_ = 0;
  size_t receivedCount_ = 0;

  Pending pending_;
  uint16_t chunks_[kMaxChunks];
  size_t chunkCount_ = 0;
  uint8_t deltas_[kMaxDeltaBytes];
  size_t deltaSize_ = 0;
};

}  // namespace weir::proto::rtcp
