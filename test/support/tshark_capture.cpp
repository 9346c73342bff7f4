#include "support/tshark_capture.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "support/pcap_writer.hpp"

namespace doctest {

String StringMaker<std::vector<std::optional<uint64_t>>>::convert(
    const std::vector<std::optional<uint64_t>>& values) {
  std::string out = "{";
  for (const auto& v : values)
    out += (out.size() > 1 ? ", " : "") + (v ? std::to_string(*v) : std::string("?"));
  return String((out + "}").c_str());
}

String StringMaker<std::vector<std::string>>::convert(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const auto& v : values)
    out += (out.size() > 1 ? ", \"" : "\"") + v + "\"";
  return String((out + "}").c_str());
}

}  // namespace doctest

namespace weir::test {

std::string Hex(base::ByteView bytes) {
  static const char* const kDigits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

bool TsharkObjects(const TsharkFrame& t) {
  if (t.Has("_ws.malformed")) return true;
  for (const auto& severity : t.Us("_ws.expert.severity")) {
    if (severity.value_or(kSeverityError) >= kSeverityWarn) return true;
  }
  return false;
}

void DissectAndCheck(const std::string& name, const std::vector<CaptureFrame>& frames,
                     const std::vector<std::string>& fields) {
  auto tshark = FindTshark();
  if (!tshark) {
    MESSAGE("SKIPPED: tshark is not installed (apt-get install tshark, or run scripts/setup)");
    return;
  }
  PcapWriter pcap;
  const PcapWriter::Endpoint client{{10, 0, 0, 1}, 40000};
  for (const CaptureFrame& f : frames) {
    REQUIRE(!f.bytes.empty());
    REQUIRE(pcap.AddUdp(client, {{10, 0, 0, 2}, f.port}, f.bytes) != 0);
  }
  const char* keep = std::getenv("WEIR_PCAP_DIR");
  std::string dir;
  if (keep) {
    dir = keep;
  } else {
    char tmpl[] = "/tmp/weir-tshark-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    dir = tmpl;
  }
  const std::string path = dir + "/" + name + ".pcap";
  REQUIRE(pcap.WriteFile(path));

  std::vector<std::string> all{"frame.protocols", "_ws.malformed", "_ws.expert.severity",
                               "_ws.expert.message"};
  all.insert(all.end(), fields.begin(), fields.end());
  const std::vector<std::string> args{"-d", "udp.port==5004,rtp", "-d", "udp.port==5005,rtcp",
                                      "-d", "udp.port==3478,stun"};
  auto run = RunTshark(*tshark, path, args, all);
  if (!keep) {
    std::remove(path.c_str());
    std::remove((path + ".stderr").c_str());
    ::rmdir(dir.c_str());
  }
  INFO(run.error);
  REQUIRE(run.ok);
  REQUIRE(run.frames.size() == frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    const CaptureFrame& f = frames[i];
    const TsharkFrame& t = run.frames[i];
    INFO("frame ", i + 1, " of ", name, ": ", f.what);
    const std::string protocols = t.Str("frame.protocols");
    const std::string expected = f.port == kRtpPort ? "rtp" : f.port == kRtcpPort ? "rtcp" : "stun";
    // The payload's own dissector may follow (e.g. rtpevent for a PT tshark maps to it).
    CHECK(protocols.find(":udp:" + expected) != std::string::npos);
    if (f.clean) {
      CHECK_MESSAGE(!t.Has("_ws.malformed"), "tshark: malformed packet");
      auto severities = t.Us("_ws.expert.severity");
      for (size_t e = 0; e < severities.size(); ++e) {
        INFO("tshark expert info: ", t.Str("_ws.expert.message", e));
        CHECK(severities[e].value_or(kSeverityError) < kSeverityError);
        // Warnings are not expected either from packets built to the RFCs.
        CHECK(severities[e].value_or(kSeverityWarn) < kSeverityWarn);
      }
    }
    f.check(t);
  }
}

}  // namespace weir::test
