#pragma once

// Runs Wireshark's command-line dissector (Debian's `tshark`) on a capture file and returns the
// fields a test asks for, frame by frame (`tshark -T fields -e ...`), so that a test can compare
// what a third-party implementation reads in Weir's packets with what Weir meant to write.
// Test support only.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace weir::test {

// What tshark reported for one frame: every occurrence of each requested field, in order (a
// field repeated in a frame, e.g. one per RTCP packet of a compound, has several).
class TsharkFrame {
 public:
  const std::vector<std::string>& All(const std::string& field) const;
  size_t Count(const std::string& field) const { return All(field).size(); }
  bool Has(const std::string& field) const { return Count(field) > 0; }
  // Occurrence `index` of the field, "" when absent.
  std::string Str(const std::string& field, size_t index = 0) const;
  // The same as an unsigned number ("0x..." hexadecimal or decimal); nullopt when absent or
  // not a number.
  std::optional<uint64_t> U(const std::string& field, size_t index = 0) const;
  // Every occurrence as numbers (nullopt entries for non-numbers).
  std::vector<std::optional<uint64_t>> Us(const std::string& field) const;

  std::map<std::string, std::vector<std::string>> fields;
};

struct TsharkRun {
  bool ok = false;
  std::string error;  // Why it did not run or failed, with tshark's stderr.
  std::vector<TsharkFrame> frames;
};

// The path of a runnable tshark on $PATH, nullopt when there is none.
std::optional<std::string> FindTshark();

// Runs `tshark -r pcap <args> -T fields -e f1 -e f2 ...` and splits its output. `args` carries
// decode-as rules (`-d udp.port==5004,rtp`) and preferences (`-o ...`).
TsharkRun RunTshark(const std::string& tshark, const std::string& pcap,
                    const std::vector<std::string>& args, const std::vector<std::string>& fields);

}  // namespace weir::test
