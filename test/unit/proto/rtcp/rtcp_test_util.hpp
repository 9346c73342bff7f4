#pragma once

// Helpers shared by the RTCP unit tests: hex vectors, framing, building into exact-size
// buffers (so that ASan catches a byte written or read past the end), and the mutations every
// parser is put through (truncation at every offset, lying length fields).

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"
#include "proto/rtcp/packet.hpp"

namespace weir::proto::rtcp::test {

// "81 c8 00 0c ..." -> bytes; spaces and newlines are ignored.
inline std::vector<uint8_t> Hex(std::string_view text) {
  std::vector<uint8_t> out;
  int hi = -1;
  for (char c : text) {
    int v;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else {
      continue;
    }
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<uint8_t>(hi << 4 | v));
      hi = -1;
    }
  }
  REQUIRE(hi < 0);
  return out;
}

// The packet views into bytes, which must outlive it (hence no temporaries).
inline Packet Frame(std::vector<uint8_t>&& bytes) = delete;
inline Packet Frame(const std::vector<uint8_t>& bytes) {
  auto packet = Packet::Parse(bytes);
  REQUIRE(packet.has_value());
  REQUIRE(packet->bytes.size() == bytes.size());
  return *packet;
}

// Whether View::Parse accepts the single packet in bytes (for one-line negative checks).
template <typename View>
bool Parses(const std::vector<uint8_t>& bytes) {
  auto packet = Packet::Parse(bytes);
  return packet && packet->bytes.size() == bytes.size() && View::Parse(*packet).has_value();
}

// Serializes into a buffer of exactly Size() bytes and checks both Serialize forms agree and
// that one byte less is refused.
template <typename B>
std::vector<uint8_t> Build(const B& builder) {
  size_t size = builder.Size();
  REQUIRE(size > 0);
  CHECK(size % 4 == 0);
  std::vector<uint8_t> out(size);
  CHECK(builder.Serialize(base::MutableByteView(out)) == size);
  std::vector<uint8_t> small(size - 1);
  CHECK(builder.Serialize(base::MutableByteView(small)) == 0);
  std::vector<uint8_t> viaWriter(size + 8);
  base::BufferWriter writer(viaWriter);
  writer.U32(0xdeadbeef);
  CHECK(builder.Serialize(writer) == size);
  CHECK(writer.ok());
  CHECK(std::vector<uint8_t>(viaWriter.begin() + 4, viaWriter.begin() + 4 + size) == out);
  return out;
}

// Calls parse(const Packet&) for every way the packet can be cut short: the datagram cut at
// every offset (framing must refuse it, the length field now lies), and the packet shortened
// to every smaller number of 32-bit words with its length field rewritten to match (framing
// accepts it; the typed parser must refuse it or stay inside it). Each variant lives in its own
// exact-size heap buffer so ASan sees any read past it. Returns how many shortened variants the
// typed parser still accepted.
template <typename ParseFn>
size_t ForEachTruncation(const std::vector<uint8_t>& bytes, ParseFn parse) {
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(n));
    CHECK_FALSE(Packet::Parse(cut).has_value());
  }
  size_t accepted = 0;
  for (size_t words = 1; words * 4 < bytes.size(); ++words) {
    std::vector<uint8_t> shorter(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(words * 4));
    shorter[0] &= 0xdf;  // Clear P: the padding octet was cut off.
    base::StoreBe16(&shorter[2], static_cast<uint16_t>(words - 1));
    auto packet = Packet::Parse(shorter);
    REQUIRE(packet.has_value());
    if (parse(*packet)) ++accepted;
  }
  return accepted;
}

// The length field lying: too long (framing refuses), zero (a 4-byte packet, which no typed
// parser of a non-empty type accepts).
template <typename ParseFn>
void CheckLyingLengths(const std::vector<uint8_t>& bytes, ParseFn parse) {
  std::vector<uint8_t> tooLong = bytes;
  base::StoreBe16(&tooLong[2], static_cast<uint16_t>(base::LoadBe16(&tooLong[2]) + 1));
  CHECK_FALSE(Packet::Parse(tooLong).has_value());

  std::vector<uint8_t> zero = bytes;
  zero[0] &= 0xdf;
  base::StoreBe16(&zero[2], 0);
  auto packet = Packet::Parse(zero);
  REQUIRE(packet.has_value());
  CHECK(packet->bytes.size() == 4);
  CHECK_FALSE(parse(*packet));
}

}  // namespace weir::proto::rtcp::test
