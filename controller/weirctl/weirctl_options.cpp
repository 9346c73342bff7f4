#include "weirctl_options.hpp"

#include <charconv>

#include "absl/strings/str_split.h"

namespace weir::weirctl {

namespace {

bool ParseNumber(const std::string& text, long min, long max, long* out) {
  long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return false;
  }
  *out = value;
  return true;
}

bool IsOption(const std::string& name) {
  for (const char* known : {"worker", "log-level", "log-tags", "rtc-min-port", "rtc-max-port",
                            "timeout", "handler-id"}) {
    if (name == known) return true;
  }
  return false;
}

// Applies --name=value; returns an error message or "".
std::string Apply(const std::string& name, const std::string& value, Options& o) {
  long n = 0;
  if (name == "worker") {
    o.settings.workerPath = value;
  } else if (name == "log-level") {
    std::optional<LogLevel> level = ParseLogLevel(value);
    if (!level) return "--log-level must be one of debug, warn, error, none";
    o.settings.logLevel = *level;
  } else if (name == "log-tags") {
    o.settings.logTags.clear();
    for (absl::string_view tag : absl::StrSplit(value, ',', absl::SkipEmpty())) {
      o.settings.logTags.emplace_back(tag);
    }
  } else if (name == "rtc-min-port" || name == "rtc-max-port") {
    if (!ParseNumber(value, 1, 65535, &n)) return "--" + name + " must be a port in 1-65535";
    (name == "rtc-min-port" ? o.settings.rtcMinPort : o.settings.rtcMaxPort) =
        static_cast<uint16_t>(n);
  } else if (name == "timeout") {
    if (!ParseNumber(value, 1, 3600 * 1000, &n)) return "--timeout must be milliseconds";
    o.settings.requestTimeout = std::chrono::milliseconds(n);
  } else if (name == "handler-id") {
    o.handlerId = value;
  } else {
    return "unknown option --" + name;
  }
  return "";
}

}  // namespace

ParsedOptions ParseOptions(const std::vector<std::string>& args) {
  ParsedOptions result;
  Options& o = result.options;
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      o.help = true;
      continue;
    }
    if (arg == "--ignore-unknown-fields") {
      o.settings.ignoreUnknownJsonFields = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
      positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    bool inlineValue = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inlineValue = true;
    }
    if (!IsOption(name)) {
      result.error = "unknown option --" + name;
      return result;
    }
    if (!inlineValue && i + 1 < args.size()) {
      value = args[++i];
    } else if (!inlineValue) {
      result.error = "option --" + name + " needs a value";
      return result;
    }
    result.error = Apply(name, value, o);
    if (!result.error.empty()) return result;
  }
  if (o.settings.rtcMinPort != 0 && o.settings.rtcMaxPort != 0 &&
      o.settings.rtcMinPort > o.settings.rtcMaxPort) {
    result.error = "--rtc-min-port must not be greater than --rtc-max-port";
    return result;
  }
  if (positional.empty()) {
    if (!o.handlerId.empty()) result.error = "--handler-id goes with `call`";
    return result;
  }
  if (positional[0] != "call") {
    result.error = "unexpected argument '" + positional[0] + "'";
    return result;
  }
  if (positional.size() < 2 || positional.size() > 3) {
    result.error = "usage: weirctl call METHOD [BODY-JSON] [--handler-id ID]";
    return result;
  }
  o.call = true;
  o.method = positional[1];
  if (positional.size() == 3) {
    o.body = nlohmann::json::parse(positional[2], nullptr, false);
    if (o.body.is_discarded() || !o.body.is_object()) {
      result.error = "BODY-JSON must be a JSON object (got '" + positional[2] + "')";
    }
  }
  return result;
}

std::string Usage() {
  return R"(usage: weirctl [options]
       weirctl [options] call METHOD [BODY-JSON] [--handler-id ID]

Spawns a weir-worker and drives it over its channel in JSON (see channel-schema/README.md).

Without `call`, reads one JSON request per line on stdin, e.g.
  {"method":"worker.createRouter","handlerId":"","body":{"routerId":"r1"}}
("id" is optional: weirctl assigns one; "handlerId" and "body" are optional), and writes one
JSON line per response, notification and log:
  {"id":1,"accepted":true,"body":{...}}
  {"id":2,"accepted":false,"error":"TypeError","reason":"..."}
  {"handlerId":"","event":"worker.running","body":{...}}
  {"log":{"level":"warn","tag":"message","text":"..."}}
A line that is not valid JSON or names an unknown method gets {"error":"..."} and the session
goes on. At the end of stdin weirctl waits for the outstanding responses, closes the worker and
exits 0 (1 if the worker died).

`call` does one request, prints its response, and exits 0 if it was accepted, 1 if not.

Options (--name=value or --name value):
  --worker PATH       the weir-worker to run (default: $WEIR_WORKER_PATH, else the one beside
                      weirctl, else weir-worker in PATH)
  --log-level L       worker log level: debug | warn | error | none (default error)
  --log-tags T1,T2    worker debug tags: info ice dtls rtp srtp rtcp rtx bwe score simulcast svc
                      sctp message
  --rtc-min-port P    lowest RTC port of the worker
  --rtc-max-port P    highest RTC port of the worker
  --timeout MS        request timeout (default 10000)
  --ignore-unknown-fields
                      skip body fields the schema lacks (e.g. extra fields of browser objects)
                      instead of rejecting the line
  --handler-id ID     (call) the target object's id; empty for the worker
  --help              print this and exit
)";
}

}  // namespace weir::weirctl
