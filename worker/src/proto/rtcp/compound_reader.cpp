#include "proto/rtcp/compound_reader.hpp"

namespace weir::proto::rtcp {

std::optional<Packet> CompoundReader::Next() {
  if (error_ || rest_.empty()) return std::nullopt;
  auto packet = Packet::Parse(rest_);
  if (!packet) {
    error_ = true;
    return std::nullopt;
  }
  rest_ = rest_.subspan(packet->bytes.size());
  ++count_;
  return packet;
}

}  // namespace weir::proto::rtcp
