#pragma once

// The harness of the tshark interop test (test/integration/tshark_interop_test.cpp): datagrams
// and what tshark must read in each go into a pcap (PcapWriter), tshark dissects it
// (RunTshark), and every frame is checked: no malformed packet, no expert warning or error,
// the expected dissector, then the frame's own field checks. Test support only.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "doctest/doctest.h"
#include "support/tshark.hpp"

// Failures print the lists compared.
namespace doctest {
template <>
struct StringMaker<std::vector<std::optional<uint64_t>>> {
  static String convert(const std::vector<std::optional<uint64_t>>& values);
};
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& values);
};
}  // namespace doctest

namespace weir::test {

// Where the capture sends each protocol; tshark is told to decode each port as its protocol.
inline constexpr uint16_t kRtpPort = 5004;
inline constexpr uint16_t kRtcpPort = 5005;
inline constexpr uint16_t kStunPort = 3478;
// Wireshark's expert severities (epan/proto.h): PI_WARN and PI_ERROR.
inline constexpr uint64_t kSeverityWarn = 0x00600000;
inline constexpr uint64_t kSeverityError = 0x00800000;

// One datagram of a capture and what tshark must read in it.
struct CaptureFrame {
  std::string what;
  uint16_t port = 0;
  std::vector<uint8_t> bytes;
  std::function<void(const TsharkFrame&)> check;
  // False for the frames broken on purpose (the harness's own test), which skip the checks
  // for malformation and expert warnings and errors.
  bool clean = true;
};

// Lowercase hex without separators, as tshark prints bytes fields.
std::string Hex(base::ByteView bytes);

// A list of numbers in the form TsharkFrame::Us() returns.
template <typename T>
std::vector<std::optional<uint64_t>> Nums(std::initializer_list<T> values) {
  std::vector<std::optional<uint64_t>> out;
  for (T v : values)
    out.push_back(static_cast<uint64_t>(v));
  return out;
}

// Whether tshark found the frame malformed or raised an expert warning or error about it.
bool TsharkObjects(const TsharkFrame& t);

// Writes the frames into <name>.pcap, runs tshark over it asking for `fields` (plus the ones
// the harness needs) and checks every frame. Without tshark on $PATH, says so and returns (the
// test passes). WEIR_PCAP_DIR=<dir> keeps the capture there for a look in Wireshark.
void DissectAndCheck(const std::string& name, const std::vector<CaptureFrame>& frames,
                     const std::vector<std::string>& fields);

}  // namespace weir::test
