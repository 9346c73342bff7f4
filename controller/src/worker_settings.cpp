#include "weir/worker_settings.hpp"

#include <unistd.h>
#include <uv.h>

#include <cstdlib>
#include <string>

#include "absl/strings/str_join.h"

namespace weir {

std::string ResolveWorkerPath(const WorkerSettings& settings) {
  if (!settings.workerPath.empty()) return settings.workerPath;
  if (const char* env = std::getenv("WEIR_WORKER_PATH"); env != nullptr && *env != '\0') {
    return env;
  }
  char exe[4096];
  size_t size = sizeof(exe);
  if (uv_exepath(exe, &size) == 0) {
    std::string path(exe, size);
    if (auto slash = path.rfind('/'); slash != std::string::npos) {
      std::string beside = path.substr(0, slash + 1) + "weir-worker";
      if (::access(beside.c_str(), X_OK) == 0) return beside;
    }
  }
  return "weir-worker";  // uv_spawn searches PATH for a name without a slash
}

std::vector<std::string> WorkerArguments(const WorkerSettings& settings) {
  std::vector<std::string> args;
  args.push_back("--log-level=" + std::string(LogLevelName(settings.logLevel)));
  if (!settings.logTags.empty()) {
    args.push_back("--log-tags=" + absl::StrJoin(settings.logTags, ","));
  }
  if (settings.rtcMinPort != 0) {
    args.push_back("--rtc-min-port=" + std::to_string(settings.rtcMinPort));
  }
  if (settings.rtcMaxPort != 0) {
    args.push_back("--rtc-max-port=" + std::to_string(settings.rtcMaxPort));
  }
  if (!settings.dtlsCertificateFile.empty()) {
    args.push_back("--dtls-certificate-file=" + settings.dtlsCertificateFile);
  }
  if (!settings.dtlsPrivateKeyFile.empty()) {
    args.push_back("--dtls-private-key-file=" + settings.dtlsPrivateKeyFile);
  }
  args.insert(args.end(), settings.extraArgs.begin(), settings.extraArgs.end());
  return args;
}

}  // namespace weir
