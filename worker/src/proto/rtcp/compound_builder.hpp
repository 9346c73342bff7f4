#pragma once

// Appends RTCP packets into one compound datagram (RFC 3550 6.1) under a size limit, as an SFU
// sends them (SR + SDES, RR + REMB, NACK + PLI, ...). A packet that does not fit is not
// written and Add() returns false, leaving what is already in the buffer intact, so the caller
// can flush the datagram and start the next one:
//
//   std::array<uint8_t, 1200> buf;
//   CompoundBuilder compound(buf);
//   compound.Add(SenderReportBuilder{.senderSsrc = ssrc, .senderInfo = info});
//   compound.Add(CnameSdesBuilder{.ssrc = ssrc, .cname = cname});
//   if (!compound.Add(nack)) { Send(compound.data()); compound.Clear(); compound.Add(nack); }
//
// Builders whose content adapts to the space left (TransportFeedbackBuilder, NACK items) take
// remaining() as their limit.

#include <cstddef>

#include "base/bytes.hpp"
#include "proto/rtcp/packet_builder.hpp"

namespace weir::proto::rtcp {

class CompoundBuilder {
 public:
  explicit CompoundBuilder(base::MutableByteView out) : out_(out) {}
  // The limit is min(maxSize, out.size()), e.g. the path MTU budget for RTCP.
  CompoundBuilder(base::MutableByteView out, size_t maxSize)
      : out_(out.first(maxSize < out.size() ? maxSize : out.size())) {}

  template <PacketBuilder B>
  bool Add(const B& builder) {
    size_t n = builder.Size();
    if (n == 0 || n > remaining()) return false;
    size_t written = builder.Serialize(out_.subspan(size_, n));
    if (written != n) return false;
    size_ += n;
    ++count_;
    return true;
  }

  // Appends an already serialized packet (or several), e.g. one being forwarded. Its framing
  // must be valid RTCP; it is checked, not trusted.
  bool AddSerialized(base::ByteView packets);

  base::ByteView data() const { return out_.first(size_); }
  size_t size() const { return size_; }
  size_t remaining() const { return out_.size() - size_; }
  size_t packet_count() const { return count_; }
  bool empty() const { return size_ == 0; }
  void Clear() {
    size_ = 0;
    count_ = 0;
  }

 private:
  base::MutableByteView out_;
  size_t size_ = 0;
  size_t count_ = 0;
};

}  // namespace weir::proto::rtcp
