#include "options.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "ids.hpp"

namespace weir::room {
namespace {

template <typename T>
bool ParseNumber(const std::string& text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

absl::Status Bad(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

}  // namespace

std::string UsageText() {
  return R"(usage: weir-room [options]
       weir-room --make-token ROOM PEER TTL_SECONDS   (with --secret-file or WEIR_ROOM_SECRET)

A video-conference room server for browsers on Weir (protocol: PROTOCOL.md).

  --listen HOST:PORT       HTTP/WebSocket address (default 127.0.0.1:8080; port 0: any)
  --tls-cert FILE          serve HTTPS/WSS with this PEM certificate ...
  --tls-key FILE           ... and this PEM private key
  --web-root DIR           the page files (index.html, app.js, style.css); default
                           ../share/weir-room from this executable
  --workers N              weir-worker processes (default: one per core)
  --rtc-listen-ip IP       where media transports listen (default 127.0.0.1, or 0.0.0.0
                           with --announced-ip)
  --announced-ip IP        the address ICE candidates announce (public IP or DNS name)
  --rtc-min-port PORT      the workers' media port range
  --rtc-max-port PORT
  --secret-file FILE       require join tokens signed with the first line of FILE
                           (or set WEIR_ROOM_SECRET)
  --worker-log-level L     debug, warn, error or none (default warn)
  --help
)";
}

absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& args) {
  Options options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string& out) -> absl::Status {
      if (i + 1 >= args.size()) return Bad(absl::StrCat(arg, " needs a value"));
      out = args[++i];
      return absl::OkStatus();
    };
    std::string v;
    if (arg == "--help" || arg == "-h") {
      options.help = true;
    } else if (arg == "--listen") {
      if (auto s = value(v); !s.ok()) return s;
      size_t colon = v.rfind(':');
      if (colon == std::string::npos || colon == 0) return Bad("--listen takes HOST:PORT");
      options.listenHost = v.substr(0, colon);
      if (!ParseNumber(v.substr(colon + 1), options.listenPort)) {
        return Bad(absl::StrCat("--listen: bad port in ", v));
      }
    } else if (arg == "--tls-cert") {
      if (auto s = value(options.tlsCertFile); !s.ok()) return s;
    } else if (arg == "--tls-key") {
      if (auto s = value(options.tlsKeyFile); !s.ok()) return s;
    } else if (arg == "--web-root") {
      if (auto s = value(options.webRoot); !s.ok()) return s;
    } else if (arg == "--announced-ip") {
      if (auto s = value(options.announcedIp); !s.ok()) return s;
    } else if (arg == "--rtc-listen-ip") {
      if (auto s = value(options.rtcListenIp); !s.ok()) return s;
    } else if (arg == "--secret-file") {
      if (auto s = value(options.secretFile); !s.ok()) return s;
    } else if (arg == "--worker-log-level") {
      if (auto s = value(options.workerLogLevel); !s.ok()) return s;
      if (v = options.workerLogLevel; v != "debug" && v != "warn" && v != "error" && v != "none") {
        return Bad("--worker-log-level takes debug, warn, error or none");
      }
    } else if (arg == "--workers") {
      if (auto s = value(v); !s.ok()) return s;
      if (!ParseNumber(v, options.workers) || options.workers < 1 || options.workers > 64) {
        return Bad("--workers takes a number from 1 to 64");
      }
    } else if (arg == "--rtc-min-port" || arg == "--rtc-max-port") {
      if (auto s = value(v); !s.ok()) return s;
      uint16_t port = 0;
      if (!ParseNumber(v, port) || port == 0) return Bad(absl::StrCat(arg, " takes a port"));
      (arg == "--rtc-min-port" ? options.rtcMinPort : options.rtcMaxPort) = port;
    } else if (arg == "--make-token") {
      if (i + 3 >= args.size()) return Bad("--make-token takes ROOM PEER TTL_SECONDS");
      MakeTokenRequest request{args[i + 1], args[i + 2], 0};
      if (!IsValidId(request.roomId) || !IsValidId(request.peerId)) {
        return Bad("--make-token: ROOM and PEER must be 1-64 characters of [A-Za-z0-9_-]");
      }
      if (!ParseNumber(args[i + 3], request.ttlSeconds) || request.ttlSeconds <= 0) {
        return Bad("--make-token: TTL_SECONDS must be a positive number");
      }
      options.makeToken = request;
      i += 3;
    } else {
      return Bad(absl::StrCat("unknown option ", arg, " (see --help)"));
    }
  }
  if (options.tlsCertFile.empty() != options.tlsKeyFile.empty()) {
    return Bad("--tls-cert and --tls-key go together");
  }
  if ((options.rtcMinPort == 0) != (options.rtcMaxPort == 0) ||
      options.rtcMinPort > options.rtcMaxPort) {
    return Bad("--rtc-min-port and --rtc-max-port go together, min <= max");
  }
  return options;
}

absl::StatusOr<std::optional<std::string>> LoadSecret(const Options& options) {
  std::string secret;
  if (!options.secretFile.empty()) {
    std::ifstream in(options.secretFile);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", options.secretFile));
    std::getline(in, secret);
    if (!secret.empty() && secret.back() == '\r') secret.pop_back();
  } else if (const char* env = std::getenv("WEIR_ROOM_SECRET")) {
    secret = env;
  } else {
    return std::optional<std::string>();
  }
  if (secret.empty()) return absl::InvalidArgumentError("the secret is empty");
  return std::optional<std::string>(std::move(secret));
}

}  // namespace weir::room
