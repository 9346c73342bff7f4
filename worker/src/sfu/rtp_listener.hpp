#pragma once

// Which producer of a transport an incoming RTP packet belongs to: by SSRC (announced in the
// producer's encodings, or learned), else by MID (RFC 8843 BUNDLE) or RID (RFC 8852) header
// extension, after which the SSRC is remembered. The number of learned SSRCs is capped so that
// a stream of random SSRCs cannot grow the table.

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "proto/rtp/rtp_packet.hpp"

namespace weir::sfu {

class Producer;

class RtpListener {
 public:
  static constexpr size_t kMaxLearnedSsrcs = 256;

  // Throws InvalidState if one of the producer's SSRCs, its MID or a RID is taken.
  void AddProducer(Producer& producer);
  void RemoveProducer(Producer& producer);

  // midId/ridId/rridId: the transport's extension ids for MID, RID and repaired RID (0: none).
  Producer* Find(const proto::rtp::RtpPacket& packet, uint8_t midId, uint8_t ridId, uint8_t rridId);
  // By SSRC only (RTCP from the sender).
  Producer* FindBySsrc(uint32_t ssrc) const;

  size_t ssrc_count() const { return bySsrc_.size(); }
  const absl::flat_hash_map<uint32_t, Producer*>& ssrc_table() const { return bySsrc_; }
  const absl::flat_hash_map<std::string, Producer*>& mid_table() const { return byMid_; }
  const absl::flat_hash_map<std::string, Producer*>& rid_table() const { return byRid_; }

 private:
  absl::flat_hash_map<uint32_t, Producer*> bySsrc_;
  absl::flat_hash_map<std::string, Producer*> byMid_;
  absl::flat_hash_map<std::string, Producer*> byRid_;
  size_t learned_ = 0;
};

}  // namespace weir::sfu
