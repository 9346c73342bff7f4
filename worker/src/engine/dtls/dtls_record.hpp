#pragma once

// The DTLS record header (RFC 6347 4.1), read only as far as the session needs: to tell a DTLS
// datagram from anything else (RFC 7983 section 7: first byte 20..63), and to cut OpenSSL's output
// into whole records so that records can be packed into datagrams no larger than the MTU.

#include <cstddef>
#include <cstdint>

#include "base/bytes.hpp"

namespace weir::engine {

// type(1) version(2) epoch(2) sequence_number(6) length(2)
inline constexpr size_t kDtlsRecordHeaderSize = 13;

// RFC 7983 section 7 demultiplexing range for DTLS, plus room for one record header.
inline bool LooksLikeDtls(base::ByteView datagram) {
  return datagram.size() >= kDtlsRecordHeaderSize && datagram[0] >= 20 && datagram[0] <= 63;
}

// Size (header included) of the record at the start of `data`, or 0 when `data` does not hold a
// whole record.
inline size_t FirstDtlsRecordSize(base::ByteView data) {
  if (data.size() < kDtlsRecordHeaderSize) return 0;
  size_t size = kDtlsRecordHeaderSize + base::LoadBe16(&data[11]);
  return size <= data.size() ? size : 0;
}

}  // namespace weir::engine
