#pragma once

// What every RTCP builder in this folder looks like, and the glue shared by all of them.
//
// A builder is a small value (usually an aggregate with designated initializers) describing one
// packet. It answers Size(), the exact number of bytes it will write (a multiple of 4), or 0
// when its contents cannot be encoded (too many report blocks, an over-long SDES item, ...), and
// Serialize(out) writes exactly that many bytes into out and returns the count, or returns 0 and
// writes nothing when out is too small or Size() is 0. Serialize(BufferWriter&) appends, and on
// failure (no room, or nothing encodable) leaves the writer failed (BufferWriter's contract).

#include <concepts>
#include <cstddef>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"

namespace weir::proto::rtcp {

template <typename B>
concept PacketBuilder = requires(const B& b, base::MutableByteView out) {
  { b.Size() } -> std::convertible_to<size_t>;
  { b.Serialize(out) } -> std::convertible_to<size_t>;
};

// Appends what builder writes to writer through BufferWriter::Skip/At, so that a builder only
// implements the MutableByteView form.
template <typename B>
size_t SerializeToWriter(const B& builder, base::BufferWriter& writer) {
  size_t n = builder.Size();
  if (n == 0) {
    // Nothing encodable: fail the writer too, so that a caller checking ok() once notices.
    writer.Skip(static_cast<size_t>(-1));
    return 0;
  }
  size_t at = writer.Skip(n);
  if (!writer.ok()) return 0;
  return builder.Serialize(base::MutableByteView(writer.At(at), n));
}

}  // namespace weir::proto::rtcp
