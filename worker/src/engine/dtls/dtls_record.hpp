#pragma once

// The DTLS record layer (RFC 6347 4.1), read only as far as the session needs: to tell a DTLS
// datagram from anything else (RFC 7983 section 7: first byte 20..63), to turn away datagrams
// whose framing is broken before OpenSSL sees them, and to cut OpenSSL's output into whole records
// so that records can be packed into datagrams no larger than the MTU.

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

// Smallest protected record body of the AEAD ciphers Weir negotiates: AES-GCM carries an 8-byte
// explicit nonce and a 16-byte tag (RFC 5288 section 3); ChaCha20-Poly1305 only the tag
// (RFC 7905 section 2). The most a protected body may be is 2^14 + 2048 (RFC 5246 6.2.3).
inline constexpr size_t kMinAesGcmRecordBody = 8 + 16;
inline constexpr size_t kMinChaChaRecordBody = 16;
inline constexpr size_t kMaxProtectedRecordBody = 16384 + 2048;
inline constexpr size_t kMaxPlaintextRecordBody = 16384;  // RFC 5246 6.2.1
// Bigger than any handshake message WebRTC exchanges (a certificate chain of a few KiB).
inline constexpr uint32_t kMaxHandshakeMessage = 65535;

// True when the datagram is a sequence of whole DTLS records (nothing left over), each of a type
// DTLS 1.2 defines and each of a plausible size: a protected (epoch > 0) body between
// `minProtectedBody` and kMaxProtectedRecordBody; in the clear (epoch 0), a ChangeCipherSpec is
// the single byte 1, an alert is two bytes, a handshake record is a sequence of whole handshake
// fragments that stay inside their message (RFC 6347 4.2.2), and there is no application data.
//
// Why: RFC 6347 4.1.2.7 asks for invalid records to be discarded silently, but OpenSSL 3.0 ends
// the association on some of them (a protected record shorter than its cipher's nonce and tag,
// a bad fragment length, an unexpected record type, an oversized message), so a single forged
// datagram could end a handshake or an established association. The session filters first.
bool IsWellFormedDtlsDatagram(base::ByteView datagram, size_t minProtectedBody);

// True when `record` (one whole record) is the last of a DTLS 1.2 flight (RFC 6347 4.2.4): it
// completes a ClientHello, HelloVerifyRequest or ServerHelloDone, or it is a protected handshake
// record (a Finished, which always closes its flight), or an alert.
bool EndsDtlsFlight(base::ByteView record);

}  // namespace weir::engine
