#pragma once

// RFC 4571 framing for ICE over TCP. RFC 6544 3 carries every STUN, DTLS, RTP and RTCP packet
// on a TCP candidate behind a 16-bit big-endian length: LENGTH (2 bytes) then LENGTH bytes.
//
// The decoder takes the byte stream in whatever chunks the socket delivers and yields complete
// packets as mutable views into its own buffer, so the transport can decrypt (SRTP) in place.
// Its buffer holds exactly one maximal frame (2 + 65535 bytes), allocated once: a full buffer
// always holds a complete frame, so a peer cannot make it grow, and a stalled peer costs at most
// that. A zero length is an error (no packet is empty; a stream of zero lengths would be an
// endless loop of nothing); after an error the connection is beyond repair and must be closed.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/bytes.hpp"

namespace weir::engine {

inline constexpr size_t kTcpFrameHeaderSize = 2;
inline constexpr size_t kMaxTcpFrameSize = 65535;

class TcpFrameDecoder {
 public:
  enum class Status : uint8_t { kNeedMore, kFrame, kError };
  struct Result {
    Status status = Status::kNeedMore;
    // For kFrame: the packet, valid until the next Append() or WritableSpace().
    base::MutableByteView frame;
  };

  TcpFrameDecoder();

  // Copies as much of data as fits and returns how many bytes it took; when that is less than
  // data.size(), pull frames with Next() and append the rest. After an error it swallows
  // everything (and Next() keeps reporting the error).
  size_t Append(base::ByteView data);

  // Zero-copy alternative for the io edge: read the socket straight into WritableSpace()
  // (empty after an error, or while a complete frame waits to be pulled and nothing else fits),
  // then Commit() the bytes read.
  base::MutableByteView WritableSpace();
  void Commit(size_t size);

  // The next complete packet, kNeedMore, or kError (zero length).
  Result Next();

  bool failed() const { return failed_; }
  // Bytes received but not yet returned as a packet.
  size_t buffered() const { return end_ - begin_; }
  uint64_t frames() const { return frames_; }

 private:
  void Compact();

  std::vector<uint8_t> buffer_;
  size_t begin_ = 0;  // First byte not yet returned.
  size_t end_ = 0;    // One past the last byte received.
  uint64_t frames_ = 0;
  bool failed_ = false;
};

// The 2-byte length prefix of a packet of `length` bytes.
std::array<uint8_t, kTcpFrameHeaderSize> EncodeTcpFrameHeader(uint16_t length);

// Writes the prefix and the packet into out and returns the total size; 0 when the packet is
// empty or longer than kMaxTcpFrameSize, or out is too small.
size_t WriteTcpFrame(base::ByteView packet, base::MutableByteView out);

}  // namespace weir::engine
