#include "engine/dtls/dtls_record.hpp"

namespace weir::engine {

namespace {

constexpr uint8_t kChangeCipherSpec = 20;
constexpr uint8_t kAlert = 21;
constexpr uint8_t kHandshake = 22;
constexpr uint8_t kApplicationData = 23;
constexpr uint8_t kClientHello = 1;
constexpr uint8_t kHelloVerifyRequest = 3;
constexpr uint8_t kServerHelloDone = 14;
constexpr uint8_t kDtlsMajorVersion = 0xfe;  // 1.0 is {254, 255}, 1.2 is {254, 253}.
// msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3)
constexpr size_t kHandshakeHeaderSize = 12;

bool WellFormedHandshakeFragments(base::ByteView body) {
  if (body.empty()) return false;
  size_t offset = 0;
  while (offset < body.size()) {
    if (body.size() - offset < kHandshakeHeaderSize) return false;
    const uint8_t* header = &body[offset];
    uint32_t length = base::LoadBe24(header + 1);
    uint32_t fragmentOffset = base::LoadBe24(header + 6);
    uint32_t fragmentLength = base::LoadBe24(header + 9);
    if (length > kMaxHandshakeMessage) return false;
    if (fragmentOffset > length || fragmentLength > length - fragmentOffset) return false;
    if (fragmentLength > body.size() - offset - kHandshakeHeaderSize) return false;
    offset += kHandshakeHeaderSize + fragmentLength;
  }
  return true;
}

bool WellFormedRecord(uint8_t type, uint16_t epoch, base::ByteView body, size_t minProtectedBody) {
  if (type < kChangeCipherSpec || type > kApplicationData) return false;
  // Protected records are opaque here; OpenSSL drops those that fail authentication.
  if (epoch != 0) {
    return body.size() >= minProtectedBody && body.size() <= kMaxProtectedRecordBody;
  }
  if (body.size() > kMaxPlaintextRecordBody) return false;
  switch (type) {
    case kChangeCipherSpec:
      return body.size() == 1 && body[0] == 1;  // RFC 5246 7.1
    case kAlert:
      return body.size() == 2;  // RFC 5246 7.2
    case kHandshake:
      return WellFormedHandshakeFragments(body);
    default:
      return false;  // Application data is never sent in the clear.
  }
}

}  // namespace

bool IsWellFormedDtlsDatagram(base::ByteView datagram, size_t minProtectedBody) {
  if (datagram.empty()) return false;
  size_t offset = 0;
  while (offset < datagram.size()) {
    base::ByteView rest = datagram.subspan(offset);
    size_t size = FirstDtlsRecordSize(rest);
    if (size == 0 || rest[1] != kDtlsMajorVersion) return false;
    uint16_t epoch = base::LoadBe16(&rest[3]);
    auto body = rest.subspan(kDtlsRecordHeaderSize, size - kDtlsRecordHeaderSize);
    if (!WellFormedRecord(rest[0], epoch, body, minProtectedBody)) {
      return false;
    }
    offset += size;
  }
  return true;
}

bool EndsDtlsFlight(base::ByteView record) {
  size_t size = FirstDtlsRecordSize(record);
  if (size == 0) return false;
  uint8_t type = record[0];
  if (type == kAlert) return true;
  if (type != kHandshake) return false;
  if (base::LoadBe16(&record[3]) != 0) return true;
  // The last fragment in the record decides.
  base::ByteView body = record.subspan(kDtlsRecordHeaderSize, size - kDtlsRecordHeaderSize);
  bool ends = false;
  for (size_t offset = 0; body.size() - offset >= kHandshakeHeaderSize;) {
    const uint8_t* header = &body[offset];
    uint32_t length = base::LoadBe24(header + 1);
    uint32_t fragmentEnd = base::LoadBe24(header + 6) + base::LoadBe24(header + 9);
    uint8_t messageType = header[0];
    ends = fragmentEnd == length &&
           (messageType == kClientHello || messageType == kHelloVerifyRequest ||
            messageType == kServerHelloDone);
    offset += kHandshakeHeaderSize + base::LoadBe24(header + 9);
    if (offset > body.size()) return false;
  }
  return ends;
}

}  // namespace weir::engine
