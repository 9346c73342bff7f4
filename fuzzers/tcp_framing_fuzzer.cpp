// RFC 4571 framing of ICE over TCP (engine/ice/tcp_framing.hpp): a byte stream cut into chunks
// the input chooses, fed through Append() and through WritableSpace()/Commit() alternately,
// must yield exactly the packets (and the error) a straightforward reading of the whole stream
// finds, with the buffer never above one maximal frame; re-encoding the packets gives back the
// consumed stream.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "engine/ice/tcp_framing.hpp"

using namespace weir;
using namespace weir::engine;

#define FUZZ_CHECK(cond) \
  if (!(cond)) std::abort()

namespace {

struct Reference {
  std::vector<base::ByteView> packets;
  bool error = false;
  size_t consumed = 0;
};

Reference ReadWhole(base::ByteView stream) {
  Reference ref;
  size_t pos = 0;
  while (stream.size() - pos >= kTcpFrameHeaderSize) {
    size_t length = base::LoadBe16(stream.data() + pos);
    if (length == 0) {
      ref.error = true;
      break;
    }
    if (stream.size() - pos - kTcpFrameHeaderSize < length) break;
    ref.packets.push_back(stream.subspan(pos + kTcpFrameHeaderSize, length));
    pos += kTcpFrameHeaderSize + length;
  }
  ref.consumed = pos;
  return ref;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // The first two bytes seed the chunk sizes; the rest is the stream.
  uint32_t state = (uint32_t{data[0]} << 8) | data[1] | 1u;
  base::ByteView stream(data + 2, size - 2);
  Reference ref = ReadWhole(stream);

  TcpFrameDecoder dec;
  size_t next = 0;  // Index of the next expected packet.
  bool error = false;
  size_t pos = 0;
  bool zeroCopy = false;
  while (pos < stream.size() && !error) {
    state = state * 1103515245u + 12345u;
    // Mostly small chunks, sometimes large ones (xorshift-free LCG is enough here).
    size_t chunk = (state >> 16) % 8 == 0 ? (state >> 8) % 70000 + 1 : (state >> 16) % 300 + 1;
    chunk = std::min(chunk, stream.size() - pos);
    zeroCopy = !zeroCopy;
    size_t taken;
    if (zeroCopy) {
      auto space = dec.WritableSpace();
      taken = std::min(chunk, space.size());
      if (taken > 0) std::memcpy(space.data(), stream.data() + pos, taken);
      dec.Commit(taken);
    } else {
      taken = dec.Append(stream.subspan(pos, chunk));
    }
    FUZZ_CHECK(taken <= chunk);
    pos += taken;
    FUZZ_CHECK(dec.buffered() <= kTcpFrameHeaderSize + kMaxTcpFrameSize);
    for (;;) {
      auto r = dec.Next();
      if (r.status == TcpFrameDecoder::Status::kNeedMore) break;
      if (r.status == TcpFrameDecoder::Status::kError) {
        error = true;
        break;
      }
      FUZZ_CHECK(next < ref.packets.size());
      const auto& want = ref.packets[next++];
      FUZZ_CHECK(r.frame.size() == want.size());
      FUZZ_CHECK(std::memcmp(r.frame.data(), want.data(), want.size()) == 0);
      // Frames are writable in place (SRTP decryption).
      if (!r.frame.empty()) r.frame[0] ^= 0xFF;
    }
    // No progress is only possible with a full buffer holding an incomplete frame, which a
    // one-frame buffer rules out, or after an error.
    FUZZ_CHECK(taken > 0 || error);
  }
  FUZZ_CHECK(error == ref.error);
  FUZZ_CHECK(next == ref.packets.size());
  FUZZ_CHECK(dec.frames() == ref.packets.size());
  if (!error) FUZZ_CHECK(dec.buffered() == stream.size() - ref.consumed);

  // Encoding the packets again reproduces the consumed prefix of the stream.
  std::vector<uint8_t> encoded(ref.consumed);
  size_t at = 0;
  for (const auto& p : ref.packets) {
    size_t n = WriteTcpFrame(p, base::MutableByteView(encoded).subspan(at));
    FUZZ_CHECK(n == p.size() + kTcpFrameHeaderSize);
    at += n;
  }
  FUZZ_CHECK(at == ref.consumed);
  FUZZ_CHECK(at == 0 || std::memcmp(encoded.data(), stream.data(), at) == 0);
  return 0;
}
