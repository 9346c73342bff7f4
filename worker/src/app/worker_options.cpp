#include "app/worker_options.hpp"

#include <charconv>

#include "absl/strings/str_split.h"

namespace weir::app {

namespace {

bool ParseInt(const std::string& text, long min, long max, long* out) {
  long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return false;
  }
  *out = value;
  return true;
}

// Applies one --name=value option; returns an error message or "".
std::string Apply(const std::string& name, const std::string& value, WorkerOptions& o) {
  long n = 0;
  if (name == "channel-fd") {
    if (!ParseInt(value, 0, 65535, &n)) return "--channel-fd must be a file descriptor number";
    o.channelFd = static_cast<int>(n);
  } else if (name == "log-level") {
    if (!base::ParseLogLevel(value, &o.logLevel)) {
      return "--log-level must be one of debug, warn, error, none (got '" + value + "')";
    }
  } else if (name == "log-tags") {
    o.logTags = 0;
    for (absl::string_view part : absl::StrSplit(value, ',', absl::SkipEmpty())) {
      base::LogTag tag;
      if (!base::ParseLogTag(std::string(part), &tag)) {
        return "--log-tags: unknown tag '" + std::string(part) + "'";
      }
      o.logTags |= base::Logger::TagBit(tag);
    }
  } else if (name == "rtc-min-port" || name == "rtc-max-port") {
    if (!ParseInt(value, 1, 65535, &n)) return "--" + name + " must be a port in 1-65535";
    (name == "rtc-min-port" ? o.rtcMinPort : o.rtcMaxPort) = static_cast<uint16_t>(n);
  } else if (name == "dtls-certificate-file") {
    o.dtlsCertificateFile = value;
  } else if (name == "dtls-private-key-file") {
    o.dtlsPrivateKeyFile = value;
  } else {
    return "unknown option --" + name;
  }
  return "";
}

}  // namespace

ParseResult ParseWorkerOptions(const std::vector<std::string>& args) {
  ParseResult result;
  WorkerOptions& o = result.options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--version") {
      o.showVersion = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      o.showHelp = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      result.error = "unexpected argument '" + arg + "'";
      return result;
    }
    std::string name = arg.substr(2);
    std::string value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      result.error = "option --" + name + " needs a value";
      return result;
    }
    result.error = Apply(name, value, o);
    if (!result.error.empty()) return result;
  }
  if (o.rtcMinPort > o.rtcMaxPort) {
    result.error = "--rtc-min-port must not be greater than --rtc-max-port";
  } else if (o.dtlsCertificateFile.empty() != o.dtlsPrivateKeyFile.empty()) {
    result.error = "--dtls-certificate-file and --dtls-private-key-file go together";
  }
  return result;
}

std::string WorkerUsage() {
  return R"(usage: weir-worker [options]

Runs one Weir media worker, driven over a channel socket by a controller
(see channel-schema/README.md). Options take --name=value or --name value.

  --channel-fd N               fd of the channel socket (default 3)
  --log-level L                debug | warn | error | none (default error)
  --log-tags T1,T2             debug topics: info ice dtls rtp srtp rtcp rtx bwe score
                               simulcast svc sctp message
  --rtc-min-port P             lowest RTC port (default 10000)
  --rtc-max-port P             highest RTC port (default 59999)
  --dtls-certificate-file F    PEM certificate (default: a fresh ECDSA P-256 one)
  --dtls-private-key-file F    PEM private key for it
  --version                    print the version and exit
  --help                       print this and exit
)";
}

}  // namespace weir::app
