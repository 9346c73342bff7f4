#pragma once

// The RTP sequence number rewriter of a consumer: forwarded packets get a continuous output
// sequence (RFC 3550 5.1) whatever the consumer skips (Drop: other temporal layers,
// padding-only packets) and whatever source it switches to (SwitchSource: another simulcast
// stream, a producer that restarted with a new SSRC and sequence base). Gaps in the input
// (network loss) stay gaps in the output, so receivers still NACK them; a reordered packet or a
// retransmission of a forwarded one maps to the same output number. See CounterRewriter for
// the rules and limits.

#include <cstdint>
#include <optional>

#include "engine/rtp/counter_rewriter.hpp"

namespace weir::engine {

class SeqNumRewriter {
 public:
  // By default the first source keeps its own numbering; firstOutput makes the first forwarded
  // packet get that number instead.
  explicit SeqNumRewriter(std::optional<uint16_t> firstOutput = std::nullopt);

  // The output sequence number of a packet to forward; nothing when it cannot be mapped (a
  // dropped number, a packet from before the current source's first one, or older than the
  // drop history): the caller does not forward it.
  std::optional<uint16_t> Rewrite(uint16_t seq);
  // A packet the consumer does not forward: the output closes up over it (when no newer packet
  // was forwarded yet).
  void Drop(uint16_t seq);
  // The next packet (forwarded or dropped) starts a new source; output continues at last + 1.
  void SwitchSource() { counter_.SwitchSource(); }

  // The highest output sequence number given so far.
  std::optional<uint16_t> maxOutput() const;

 private:
  CounterRewriter counter_{16};
};

}  // namespace weir::engine
