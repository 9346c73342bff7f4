#include "engine/rtp/send_stream.hpp"

#include <openssl/rand.h>

namespace weir::engine {

SendStream::SendStream(const SendStreamConfig& config)
    : config_(config), stats_(config.ssrc, config.clockRate) {
  // RFC 3550 5.1: the initial sequence number should be random; the same holds for RTX.
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&rtxSeq_), sizeof(rtxSeq_)) != 1) rtxSeq_ = 0;
}

void SendStream::OnPacketSent(base::Timestamp now, uint16_t seq, const SentPacketRef& ref,
                              size_t size, size_t payloadSize) {
  stats_.OnPacketSent(now, ref.timestamp, size, payloadSize, false);
  if (!config_.useNack) return;
  if (!index_) {
    index_ = std::make_unique<Entry[]>(kIndexSize);
    for (size_t i = 0; i < kIndexSize; ++i)
      index_[i].used = false;
  }
  index_[seq & (kIndexSize - 1)] = {ref, seq, true};
}

void SendStream::OnRetransmissionSent(base::Timestamp now, size_t size) {
  stats_.OnPacketSent(now, 0, size, 0, true);
}

std::optional<SentPacketRef> SendStream::Lookup(uint16_t seq) const {
  if (!index_) return std::nullopt;
  const Entry& e = index_[seq & (kIndexSize - 1)];
  if (!e.used || e.seq != seq) return std::nullopt;
  return e.ref;
}

}  // namespace weir::engine
