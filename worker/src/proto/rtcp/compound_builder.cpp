#include "proto/rtcp/compound_builder.hpp"

#include <cstring>

#include "proto/rtcp/compound_reader.hpp"

namespace weir::proto::rtcp {

bool CompoundBuilder::AddSerialized(base::ByteView packets) {
  if (packets.empty() || packets.size() > remaining()) return false;
  CompoundReader reader(packets);
  size_t n = 0;
  while (reader.Next())
    ++n;
  if (!reader.done()) return false;
  std::memcpy(out_.data() + size_, packets.data(), packets.size());
  size_ += packets.size();
  count_ += n;
  return true;
}

}  // namespace weir::proto::rtcp
