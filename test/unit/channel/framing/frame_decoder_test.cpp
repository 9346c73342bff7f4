#include "channel/framing/frame_decoder.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "channel/framing/frame_encoder.hpp"

using weir::base::ByteView;
using weir::channel::AppendFrame;
using weir::channel::FrameDecoder;
using weir::channel::kMaxFrameSize;

namespace {

ByteView View(const std::string& s) {
  return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

std::string Str(ByteView v) {
  return std::string(v.begin(), v.end());
}

// Drains every event the decoder has; frames as strings, oversized frames as "!<length>".
std::vector<std::string> Drain(FrameDecoder& decoder) {
  std::vector<std::string> out;
  for (;;) {
    auto event = decoder.Next();
    if (event.kind == FrameDecoder::Kind::kNeedMore) return out;
    if (event.kind == FrameDecoder::Kind::kOversized) {
      out.push_back("!" + std::to_string(event.length));
    } else {
      CHECK(reinterpret_cast<uintptr_t>(event.frame.data()) % 8 == 0);
      out.push_back(Str(event.frame));
    }
  }
}

}  // namespace

TEST_CASE("coalesced frames come out one by one") {
  std::vector<uint8_t> wire;
  AppendFrame(View("hello"), &wire);
  AppendFrame(View("a"), &wire);
  AppendFrame(View("world!"), &wire);
  FrameDecoder decoder;
  decoder.Append(wire);
  CHECK(Drain(decoder) == std::vector<std::string>{"hello", "a", "world!"});
  CHECK(decoder.buffered() == 0);
}

TEST_CASE("a frame split at every offset is reassembled") {
  std::vector<uint8_t> wire;
  AppendFrame(View("split me please"), &wire);
  AppendFrame(View("second"), &wire);
  for (size_t cut = 0; cut <= wire.size(); ++cut) {
    FrameDecoder decoder;
    decoder.Append(ByteView(wire).first(cut));
    auto first = Drain(decoder);
    decoder.Append(ByteView(wire).subspan(cut));
    auto second = Drain(decoder);
    first.insert(first.end(), second.begin(), second.end());
    CHECK(first == std::vector<std::string>{"split me please", "second"});
  }
}

TEST_CASE("byte-by-byte delivery") {
  std::vector<uint8_t> wire;
  AppendFrame(View("xyz"), &wire);
  FrameDecoder decoder;
  std::vector<std::string> got;
  for (uint8_t b : wire) {
    decoder.Append(ByteView(&b, 1));
    auto events = Drain(decoder);
    got.insert(got.end(), events.begin(), events.end());
  }
  CHECK(got == std::vector<std::string>{"xyz"});
}

TEST_CASE("zero-length frame is reported as an empty frame") {
  std::vector<uint8_t> wire;
  AppendFrame(View(""), &wire);
  AppendFrame(View("next"), &wire);
  FrameDecoder decoder;
  decoder.Append(wire);
  CHECK(Drain(decoder) == std::vector<std::string>{"", "next"});
}

TEST_CASE("a frame of exactly the maximum length is accepted") {
  std::string big(kMaxFrameSize, 'x');
  std::vector<uint8_t> wire;
  AppendFrame(View(big), &wire);
  FrameDecoder decoder;
  decoder.Append(wire);
  auto events = Drain(decoder);
  REQUIRE(events.size() == 1);
  CHECK(events[0].size() == kMaxFrameSize);
}

TEST_CASE("an over-long frame is skipped, also when its bytes arrive later") {
  const uint32_t length = kMaxFrameSize + 1;
  std::vector<uint8_t> wire;
  auto header = weir::channel::EncodeFrameHeader(length);
  wire.insert(wire.end(), header.begin(), header.end());
  wire.resize(wire.size() + length, 0xAB);
  AppendFrame(View("after"), &wire);

  SUBCASE("all at once") {
    FrameDecoder decoder;
    decoder.Append(wire);
    CHECK(Drain(decoder) == std::vector<std::string>{"!" + std::to_string(length), "after"});
  }
  SUBCASE("in chunks") {
    FrameDecoder decoder;
    std::vector<std::string> got;
    for (size_t at = 0; at < wire.size(); at += 100000) {
      decoder.Append(ByteView(wire).subspan(at, std::min<size_t>(100000, wire.size() - at)));
      auto events = Drain(decoder);
      got.insert(got.end(), events.begin(), events.end());
      CHECK(decoder.buffered() <= 100000);  // Skipped bytes are not kept.
    }
    CHECK(got == std::vector<std::string>{"!" + std::to_string(length), "after"});
  }
}
