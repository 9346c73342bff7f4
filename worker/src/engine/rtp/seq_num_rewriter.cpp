#include "engine/rtp/seq_num_rewriter.hpp"

namespace weir::engine {

SeqNumRewriter::SeqNumRewriter(std::optional<uint16_t> firstOutput) {
  if (firstOutput) counter_.StartAt(*firstOutput);
}

std::optional<uint16_t> SeqNumRewriter::Rewrite(uint16_t seq) {
  const auto out = counter_.Rewrite(seq);
  if (!out) return std::nullopt;
  return static_cast<uint16_t>(*out);
}

void SeqNumRewriter::Drop(uint16_t seq) {
  counter_.Drop(seq);
}

std::optional<uint16_t> SeqNumRewriter::maxOutput() const {
  const auto out = counter_.maxOutput();
  if (!out) return std::nullopt;
  return static_cast<uint16_t>(*out);
}

}  // namespace weir::engine
