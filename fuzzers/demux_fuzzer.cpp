// The first classification of every datagram (RFC 7983). Checks that the answer is
// consistent with the ranges and minimum sizes, and that a STUN classification agrees with the
// STUN parser (every parseable message whose first byte is 0..3 is classified as STUN).

#include <cstdint>
#include <cstdlib>

#include "proto/demux.hpp"
#include "proto/stun/stun_message.hpp"

using namespace weir::proto;

#define FUZZ_CHECK(cond) \
  if (!(cond)) std::abort()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  weir::base::ByteView view(data, size);
  PacketKind kind = ClassifyPacket(view);
  switch (kind) {
    case PacketKind::kStun:
      FUZZ_CHECK(size >= kMinStunSize && data[0] <= 3);
      break;
    case PacketKind::kDtls:
      FUZZ_CHECK(size >= kMinDtlsSize && data[0] >= 20 && data[0] <= 63);
      break;
    case PacketKind::kRtp:
      FUZZ_CHECK(size >= kMinRtpSize && (data[0] >> 6) == 2 && (data[1] < 192 || data[1] > 223));
      break;
    case PacketKind::kRtcp:
      FUZZ_CHECK(size >= kMinRtcpSize && (data[0] >> 6) == 2 && data[1] >= 192 && data[1] <= 223);
      break;
    case PacketKind::kUnknown:
      break;
  }
  // The STUN parser accepts any 12-bit method, but only methods below 0x100 keep the first byte
  // in 0..3 (RFC 7983 7); those must be classified as STUN.
  if (size > 0 && data[0] <= 3 && stun::StunMessage::Parse(view)) {
    FUZZ_CHECK(kind == PacketKind::kStun);
  }
  // A prefix is never classified as something bigger than what it holds.
  if (size > 0) {
    PacketKind shorter = ClassifyPacket(view.first(size - 1));
    FUZZ_CHECK(shorter == kind || shorter == PacketKind::kUnknown);
  }
  FUZZ_CHECK(PacketKindName(kind) != nullptr);
  return 0;
}
