#include "engine/ice/tcp_framing.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace weir::engine {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Frame(const Bytes& packet) {
  Bytes out(packet.size() + kTcpFrameHeaderSize);
  REQUIRE(WriteTcpFrame(packet, out) == out.size());
  return out;
}

Bytes Packet(size_t size, uint8_t seed) {
  Bytes p(size);
  for (size_t i = 0; i < size; ++i)
    p[i] = static_cast<uint8_t>(seed + i * 7);
  return p;
}

// Feeds stream in chunks of chunkSize and collects every packet.
std::vector<Bytes> Decode(TcpFrameDecoder& dec, const Bytes& stream, size_t chunkSize,
                          bool* error = nullptr) {
  std::vector<Bytes> packets;
  base::ByteView rest(stream);
  while (!rest.empty()) {
    auto chunk = rest.first(std::min(chunkSize, rest.size()));
    rest = rest.subspan(chunk.size());
    while (!chunk.empty()) {
      chunk = chunk.subspan(dec.Append(chunk));
      for (;;) {
        auto r = dec.Next();
        if (r.status == TcpFrameDecoder::Status::kFrame) {
          packets.emplace_back(r.frame.begin(), r.frame.end());
          continue;
        }
        if (r.status == TcpFrameDecoder::Status::kError && error != nullptr) *error = true;
        break;
      }
    }
  }
  return packets;
}

TEST_CASE("encoder: RFC 4571 length prefix") {
  CHECK(EncodeTcpFrameHeader(0x1234) == std::array<uint8_t, 2>{0x12, 0x34});
  Bytes out(8);
  Bytes packet = {0xAA, 0xBB, 0xCC};
  REQUIRE(WriteTcpFrame(packet, out) == 5);
  CHECK(Bytes(out.begin(), out.begin() + 5) == Bytes{0x00, 0x03, 0xAA, 0xBB, 0xCC});
  // Too small an output, an empty or an oversized packet: nothing.
  CHECK(WriteTcpFrame(packet, base::MutableByteView(out.data(), 4)) == 0);
  CHECK(WriteTcpFrame({}, out) == 0);
  Bytes huge(kMaxTcpFrameSize + 1);
  Bytes big(huge.size() + 2);
  CHECK(WriteTcpFrame(huge, big) == 0);
  Bytes max(kMaxTcpFrameSize, 0x5A);
  CHECK(WriteTcpFrame(max, big) == kMaxTcpFrameSize + 2);
  CHECK(big[0] == 0xFF);
  CHECK(big[1] == 0xFF);
}

TEST_CASE("decoder: packets back from every chunking, round trip with the encoder") {
  std::vector<Bytes> packets = {
      Packet(1, 1),  Packet(20, 2), Packet(1200, 3), Packet(3, 4), Packet(kMaxTcpFrameSize, 5),
      Packet(100, 6)};
  Bytes stream;
  for (const auto& p : packets) {
    auto f = Frame(p);
    stream.insert(stream.end(), f.begin(), f.end());
  }
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{1000}, size_t{65537},
                       size_t{65538}, stream.size()}) {
    CAPTURE(chunk);
    TcpFrameDecoder dec;
    bool error = false;
    CHECK(Decode(dec, stream, chunk, &error) == packets);
    CHECK_FALSE(error);
    CHECK(dec.buffered() == 0);
    CHECK(dec.frames() == packets.size());
  }
}

TEST_CASE("decoder: frames are mutable views, decryptable in place") {
  TcpFrameDecoder dec;
  auto f = Frame({1, 2, 3});
  REQUIRE(dec.Append(f) == f.size());
  auto r = dec.Next();
  REQUIRE(r.status == TcpFrameDecoder::Status::kFrame);
  r.frame[0] = 9;
  CHECK(r.frame[0] == 9);
  CHECK(dec.Next().status == TcpFrameDecoder::Status::kNeedMore);
}

TEST_CASE("decoder: truncation at every offset waits for more") {
  auto f = Frame(Packet(50, 9));
  for (size_t cut = 0; cut < f.size(); ++cut) {
    TcpFrameDecoder dec;
    dec.Append(base::ByteView(f.data(), cut));
    CHECK(dec.Next().status == TcpFrameDecoder::Status::kNeedMore);
    CHECK(dec.buffered() == cut);
    dec.Append(base::ByteView(f.data() + cut, f.size() - cut));
    auto r = dec.Next();
    REQUIRE(r.status == TcpFrameDecoder::Status::kFrame);
    CHECK(Bytes(r.frame.begin(), r.frame.end()) == Packet(50, 9));
  }
}

TEST_CASE("decoder: a zero length is a sticky error") {
  TcpFrameDecoder dec;
  Bytes stream = Frame({7});
  stream.push_back(0);
  stream.push_back(0);
  auto more = Frame({8});
  stream.insert(stream.end(), more.begin(), more.end());
  REQUIRE(dec.Append(stream) == stream.size());
  auto r = dec.Next();
  REQUIRE(r.status == TcpFrameDecoder::Status::kFrame);
  CHECK(r.frame.size() == 1);
  CHECK(dec.Next().status == TcpFrameDecoder::Status::kError);
  CHECK(dec.failed());
  CHECK(dec.Next().status == TcpFrameDecoder::Status::kError);
  // Afterwards input is swallowed and no space is offered.
  CHECK(dec.Append(stream) == stream.size());
  CHECK(dec.WritableSpace().empty());
  CHECK(dec.Next().status == TcpFrameDecoder::Status::kError);
}

TEST_CASE("decoder: the buffer is capped at one maximal frame") {
  TcpFrameDecoder dec;
  // A lying length announcing the maximum, then endless bytes: the decoder holds 65537 and
  // refuses more until the frame is pulled.
  Bytes junk(200000, 0xFF);
  size_t taken = dec.Append(junk);
  CHECK(taken == kTcpFrameHeaderSize + kMaxTcpFrameSize);
  CHECK(dec.Append(junk) == 0);
  CHECK(dec.WritableSpace().empty());
  auto r = dec.Next();
  REQUIRE(r.status == TcpFrameDecoder::Status::kFrame);
  CHECK(r.frame.size() == kMaxTcpFrameSize);
  CHECK(dec.buffered() == 0);
  CHECK(dec.WritableSpace().size() == kTcpFrameHeaderSize + kMaxTcpFrameSize);

  // A partial frame after a complete one: compaction makes room again.
  TcpFrameDecoder dec2;
  Bytes stream = Frame(Packet(10, 1));
  auto big = Frame(Packet(kMaxTcpFrameSize, 2));
  stream.insert(stream.end(), big.begin(), big.end());
  taken = dec2.Append(stream);
  CHECK(taken == kTcpFrameHeaderSize + kMaxTcpFrameSize);
  REQUIRE(dec2.Next().status == TcpFrameDecoder::Status::kFrame);
  CHECK(dec2.Next().status == TcpFrameDecoder::Status::kNeedMore);
  CHECK(dec2.Append(base::ByteView(stream).subspan(taken)) == stream.size() - taken);
  r = dec2.Next();
  REQUIRE(r.status == TcpFrameDecoder::Status::kFrame);
  CHECK(Bytes(r.frame.begin(), r.frame.end()) == Packet(kMaxTcpFrameSize, 2));
}

TEST_CASE("decoder: zero-copy feeding through WritableSpace/Commit") {
  TcpFrameDecoder dec;
  Bytes stream = Frame(Packet(300, 1));
  auto second = Frame(Packet(5, 2));
  stream.insert(stream.end(), second.begin(), second.end());
  size_t pos = 0;
  std::vector<Bytes> got;
  while (pos < stream.size()) {
    auto space = dec.WritableSpace();
    size_t n = std::min<size_t>({space.size(), 100, stream.size() - pos});
    std::copy_n(stream.begin() + static_cast<std::ptrdiff_t>(pos), n, space.begin());
    dec.Commit(n);
    pos += n;
    for (auto r = dec.Next(); r.status == TcpFrameDecoder::Status::kFrame; r = dec.Next())
      got.emplace_back(r.frame.begin(), r.frame.end());
  }
  CHECK(got == std::vector<Bytes>{Packet(300, 1), Packet(5, 2)});
  // Committing more than the space offered is clamped.
  CHECK(dec.WritableSpace().size() == kTcpFrameHeaderSize + kMaxTcpFrameSize);
  dec.Commit(1 << 20);
  CHECK(dec.buffered() == kTcpFrameHeaderSize + kMaxTcpFrameSize);
}

}  // namespace
}  // namespace weir::engine
